import { type Clock, systemClock } from "./clock.ts";
import type { ProgressFactory } from "./progressDisplay.ts";
import { terminalProgress } from "./terminalProgress.ts";

/** The signals a long command reacts to (to stop cleanly and say what it wrote). */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * What a command may touch besides the file system: its output streams, the clock,
 * the environment, the working directory, the terminal and the process's signals.
 * Tests replace it to run a command in memory; nothing in sim/ reaches for `process`
 * directly, so that one process can run many commands side by side.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The terminal's width in columns, or undefined when stdout is not a terminal. */
  readonly columns: number | undefined;
  /** Whether stderr is an interactive terminal: progress displays draw only there. */
  readonly stderrIsTerminal: boolean;
  /** Calls `handler` when the process receives `signal`; returns the function that stops it. */
  readonly onSignal: (signal: StopSignal, handler: () => void) => () => void;
  /** Calls `handler` when the process exits (last-moment cleanup); returns the function that stops it. */
  readonly onExit: (handler: () => void) => () => void;
  /**
   * Draws a progress display on stderr; used (through startProgress) only when
   * `stderrIsTerminal` and CI is not set. Absent: no progress display.
   */
  readonly progress?: ProgressFactory;
  /**
   * Ends the process at once with `code`, for the rare command that must not wait for its
   * own unwinding (mutate's second interrupt). A test's CliIo throws instead.
   */
  readonly exit: (code: number) => never;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  clock: systemClock,
  env: process.env,
  cwd: process.cwd(),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  stderrIsTerminal: process.stderr.isTTY === true,
  onSignal: (signal, handler) => {
    process.on(signal, handler);
    return () => void process.off(signal, handler);
  },
  onExit: (handler) => {
    process.on("exit", handler);
    return () => void process.off("exit", handler);
  },
  progress: (spec) => terminalProgress(process.stderr, systemClock, spec),
  exit: (code) => process.exit(code),
};
