/**
 * One swarm of the swarm section (swarmSection.ts) in a fresh process, as `sim swarm`
 * runs: `node --import tsx tools/bench/swarmChild.ts <runs> <jobs>` runs the built
 * runSwarm and prints one JSON line (a SwarmChildResult): the swarm's wall time and
 * where its CPU went (this process's main thread, its other threads, its workers, and
 * each worker's main thread and other threads).
 */
import { systemClock } from "../../sim/io/clock.ts";
import type * as RunSwarmModule from "../../sim/execute/swarm/runSwarm.ts";
import { type CpuSplit, cpuSpent, cpuSplit, sampleWorkersCpu, type ThreadsCpu } from "./processCpu.ts";

export const SWARM_SEED = 20261130;

export interface SwarmChildResult {
  readonly wallS: number;
  readonly cpu?: CpuSplit;
  /** Each worker process's CPU (none with --jobs 1, which runs the cases in this process). */
  readonly workers: readonly ThreadsCpu[];
}

if (process.argv[1]?.endsWith("swarmChild.ts")) {
  const [runs, jobs] = [Number(process.argv[2]), Number(process.argv[3])];
  // The built code, as `sim swarm` runs it: workers load dist/, not the sources through tsx.
  const { runSwarm } = (await import(new URL("../../dist/sim/execute/swarm/runSwarm.js", import.meta.url).href)) as typeof RunSwarmModule;
  const sampler = sampleWorkersCpu();
  const before = cpuSplit();
  const startMs = systemClock.monotonicMs();
  const report = await runSwarm({ swarmSeed: SWARM_SEED, budget: { runs }, jobs, clock: systemClock, stopRequested: () => false, onResult: () => undefined });
  const wallS = (systemClock.monotonicMs() - startMs) / 1000;
  if (report.runs !== runs || report.failures !== 0) throw new Error(`bench swarm: ${report.runs} runs, ${report.failures} failures`);
  const after = cpuSplit();
  const workers = sampler.stop();
  const result: SwarmChildResult = { wallS, workers, ...(before && after ? { cpu: cpuSpent(before, after) } : {}) };
  console.log(JSON.stringify(result));
}
