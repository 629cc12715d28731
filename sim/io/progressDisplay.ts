/** What a progress display counts: `label`, `done` of `total` `unit` (total 0 while unknown). */
export interface ProgressSpec {
  readonly label: string;
  readonly unit: string;
  readonly total: number;
  /** The count already done when the work starts (a resumed run's first step - 1). */
  readonly start?: number;
}

/**
 * A display of a long command's progress on stderr, redrawn in place. Commands talk to
 * this interface only; tests replace the terminal implementation (sim/io/terminalProgress.ts).
 */
export interface ProgressDisplay {
  /** `done` of `total` (total may become known only now). Cheap: call it as often as work advances. */
  readonly update: (done: number, total?: number) => void;
  /** Prints a line (ending in "\n") to stderr above the display. */
  readonly log: (text: string) => void;
  /** Clears the display, leaving the terminal as it was; calling it again does nothing. */
  readonly stop: () => void;
}

export type ProgressFactory = (spec: ProgressSpec) => ProgressDisplay;
