import { executeRun, type RunOutcome, type RunRequest } from "../../../../sim/execute/run/executeRun.ts";
import { fakeClock } from "../../../../sim/io/clock.ts";

/** executeRun with a fake clock and no stop request; `run` is the built executeRun for a test that starts the writer's threads (test/helpers/builtModule.ts). */
export function runToDir(request: RunRequest, stopAfterPolls?: number, run: typeof executeRun = executeRun): Promise<RunOutcome> {
  let polls = 0;
  return run(request, {
    clock: fakeClock(0, 1),
    stopRequested: () => (stopAfterPolls !== undefined && ++polls > stopAfterPolls ? "interrupted by SIGINT" : undefined),
  });
}
