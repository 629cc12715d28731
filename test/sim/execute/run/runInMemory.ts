import { executeRun, type RunOutcome, type RunRequest } from "../../../../sim/execute/run/executeRun.ts";
import { fakeClock } from "../../../../sim/io/clock.ts";

/** executeRun with a fake clock and no stop request. */
export function runToDir(request: RunRequest, stopAfterPolls?: number): Promise<RunOutcome> {
  let polls = 0;
  return executeRun(request, {
    clock: fakeClock(0, 1),
    stopRequested: () => (stopAfterPolls !== undefined && ++polls > stopAfterPolls ? "interrupted by SIGINT" : undefined),
  });
}
