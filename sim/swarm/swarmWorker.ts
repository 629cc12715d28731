import { runSwarmCase, type SwarmCaseResult } from "./runSwarmCase.ts";

/** What the swarm hands a worker: one run, named by the swarm's seed and the run's index. */
export interface SwarmTask {
  readonly swarmSeed: number;
  readonly runIndex: number;
}

/**
 * The worker's entry for `sim swarm --jobs N` (the sweep's worker pool, workerPool.ts,
 * loads this module's default export): runs one case. Cases are independent and derived
 * from (seed, index) alone, so where a case runs never changes what it finds.
 */
export default function runSwarmTask(task: SwarmTask): SwarmCaseResult {
  return runSwarmCase(task.swarmSeed, task.runIndex);
}
