/** One problem of a scenario that does not load, as `sim validate` words it, with its place. */
export interface WatchProblem {
  readonly text: string;
  readonly file?: string;
  readonly line?: number;
}

/** A verdict line of the check: the golden comparison, an expectation or a signature. */
export interface WatchVerdict {
  readonly text: string;
  readonly passed: boolean;
}

/**
 * What one run of a watched scenario gives the page: the check's report page (the one
 * `sim check --report` writes) with its verdicts, or the problems that kept the scenario
 * from loading. Plain data: it crosses from the worker process that ran it.
 */
export type WatchOutcome =
  | {
      readonly kind: "report";
      readonly html: string;
      readonly passed: boolean;
      readonly verdicts: readonly WatchVerdict[];
      /** What `sim validate` warns of (scenarioWarnings.ts). */
      readonly warnings: readonly string[];
      readonly runMs: number;
    }
  | {
      readonly kind: "invalid";
      /** The first line `sim validate` prints for the file (`invalid <file>:`). */
      readonly heading: string;
      readonly problems: readonly WatchProblem[];
    };
