import { CHECK_REPORTERS } from "../../verify/check/checkReporterNames.ts";
import { NUMERIC_OPTION } from "./numericOption.ts";

// The options that several commands take, each declared once for all of them, so that an
// option means the same and is parsed the same wherever it is given.

/**
 * `--json`, declared once for the commands that can print their outcome as one JSON
 * document instead of their text (run, check, list, validate, sweep status, sweep chart):
 * a switch, off unless given. `describe` says what the command prints.
 */
export function jsonOption(describe: string) {
  return { type: "boolean", default: false, describe } as const;
}

/**
 * `--threads N`, declared once for the commands that step runs (run, check, sweep):
 * the threads that step a run's ranks (sim/execute/threads/engineThreads.ts). Parsed with
 * intOption against MAX_THREADS.
 */
export const THREADS_OPTION = {
  ...NUMERIC_OPTION,
  describe: "threads to step each run's ranks on (default: one per core, at least 2,048 ranks each); the output is the same for every count",
} as const;

/** `--jobs N`, declared once for the commands that run on a pool of worker processes (sweep, swarm). Parsed with intOption against MAX_JOBS. */
export const JOBS_OPTION = { ...NUMERIC_OPTION, describe: "worker processes (default: the machine's available parallelism)" } as const;

/**
 * `--images <dir>`, declared once for the commands that write an HTML report with charts
 * (report, check --report, sweep report): every chart again as an SVG file.
 */
export const IMAGES_OPTION = { type: "string", requiresArg: true, describe: "also write one SVG per chart into this directory" } as const;

/**
 * `--reporter junit|json --output <file>`, declared once for the commands that write a
 * machine-readable report beside the console's (check, mutate): `describeReporter` says
 * what --reporter writes for the command. The two go together; the action refuses one
 * without the other.
 */
export function reporterOptions(describeReporter: string) {
  return {
    reporter: { type: "string", requiresArg: true, choices: CHECK_REPORTERS, describe: describeReporter },
    output: { type: "string", requiresArg: true, describe: "the file --reporter writes; - for stdout (the console report then goes to stderr)" },
  } as const;
}
