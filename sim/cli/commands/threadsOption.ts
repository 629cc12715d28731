import { NUMERIC_OPTION } from "./numericOption.ts";

/**
 * `--threads N`, declared once for the commands that step runs (run, check, sweep):
 * the threads that step a run's ranks (sim/execute/threads/engineThreads.ts). Parsed with
 * intOption against MAX_THREADS.
 */
export const THREADS_OPTION = {
  ...NUMERIC_OPTION,
  describe: "threads to step each run's ranks on (default: one per core, at least 2,048 ranks each); the output is the same for every count",
} as const;
