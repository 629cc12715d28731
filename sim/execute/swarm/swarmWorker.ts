import "../pool/workerProcess.ts";
import { runSwarmCase, type SwarmCaseResult } from "./runSwarmCase.ts";

/** What the swarm hands a worker: a batch of runs, each named by the swarm's seed and the run's index. */
export interface SwarmTask {
  readonly swarmSeed: number;
  readonly runIndices: readonly number[];
}

/**
 * The worker's entry for `sim swarm --jobs N` (the sweep's worker pool, workerPool.ts,
 * loads this module's default export): runs a batch of cases, in order. Cases are
 * independent and derived from (seed, index) alone, so where a case runs, and with
 * which others, never changes what it finds.
 */
export default function runSwarmTask(task: SwarmTask): SwarmCaseResult[] {
  return task.runIndices.map((runIndex) => runSwarmCase(task.swarmSeed, runIndex));
}
