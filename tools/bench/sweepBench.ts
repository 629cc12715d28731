import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../sim/io/clock.ts";
import { type CpuSplit, cpuSpent, cpuSplit, sampleWorkersCpu, type ThreadsCpu } from "./processCpu.ts";
import type * as LoadSweepModule from "../../sim/execute/sweep/loadSweep.ts";
import type * as RunSweepModule from "../../sim/execute/sweep/runSweep.ts";

/** The fixed sweep the bench times: 24 configs of a 20,000-step healthy smoke. */
export const BENCH_SWEEP_FILE = fileURLToPath(new URL("./benchSweep.toml", import.meta.url));

export interface SweepBenchFigures {
  readonly configs: number;
  /** Per jobs setting, the configs/s of each timed sweep. */
  readonly configsPerSecond: ReadonlyMap<number, readonly number[]>;
  /** Per jobs setting, where each timed sweep's CPU went (its workers' above all; none off Linux). */
  readonly cpu: ReadonlyMap<number, readonly CpuSplit[]>;
  /** Per jobs setting, each timed sweep's workers' CPU, worker by worker (none off Linux). */
  readonly workers: ReadonlyMap<number, readonly (readonly ThreadsCpu[])[]>;
}

/**
 * Times the whole sweep (pool start-up, every run's files, pool shut-down) into a fresh
 * directory, `runs` times per jobs setting, alternating the settings so that drift in
 * the machine's load hits both alike.
 */
export async function benchSweep(jobsSettings: readonly number[], runs: number): Promise<SweepBenchFigures> {
  // The built code (npm run bench builds first), as `sim sweep` runs it: the pool's workers
  // then load the built modules, not the sources through tsx, whose start-up in each
  // worker would be timed too and is no part of what a user's sweep costs.
  const { loadSweep } = (await import(new URL("../../dist/sim/execute/sweep/loadSweep.js", import.meta.url).href)) as typeof LoadSweepModule;
  const { runSweep } = (await import(new URL("../../dist/sim/execute/sweep/runSweep.js", import.meta.url).href)) as typeof RunSweepModule;
  const sweep = loadSweep(BENCH_SWEEP_FILE);
  const figures = new Map<number, number[]>(jobsSettings.map((jobs) => [jobs, []]));
  const cpu = new Map<number, CpuSplit[]>(jobsSettings.map((jobs) => [jobs, []]));
  const workers = new Map<number, ThreadsCpu[][]>(jobsSettings.map((jobs) => [jobs, []]));
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? jobsSettings : [...jobsSettings].reverse();
    for (const jobs of order) {
      const outDir = mkdtempSync(join(tmpdir(), "sim-bench-sweep-"));
      try {
        const sampler = sampleWorkersCpu();
        const before = cpuSplit();
        const startMs = systemClock.monotonicMs();
        const result = await runSweep(sweep, { outDir, jobs, stopRequested: () => undefined });
        const wallS = (systemClock.monotonicMs() - startMs) / 1000;
        const after = cpuSplit();
        workers.get(jobs)?.push(sampler.stop());
        if (before && after) cpu.get(jobs)?.push(cpuSpent(before, after));
        if (result.completed !== sweep.configs.length) throw new Error(`bench sweep: ${result.failed.length} configs failed: ${result.failed[0]?.reason}`);
        figures.get(jobs)?.push(sweep.configs.length / wallS);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    }
  }
  return { configs: sweep.configs.length, configsPerSecond: figures, cpu, workers };
}
