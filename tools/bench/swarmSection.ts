/**
 * Swarm throughput: a fixed 500-run swarm (seed 20261130, the CI's) run whole by the
 * built `runSwarm` with `--jobs 1` (in this process) and `--jobs 2` (two worker
 * processes: their start-up, every case's hand-over and the pool's shut-down included),
 * alternated; the medians, and their ratio as the speed-up from the second core.
 */
import { systemClock } from "../../sim/io/clock.ts";
import type * as RunSwarmModule from "../../sim/execute/swarm/runSwarm.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";

const SWARM_SEED = 20261130;
const RUNS = 500;
const TIMED_PER_SETTING = 3;
const JOBS_SETTINGS = [1, 2] as const;

export const swarmSection: BenchSection = {
  title: `swarm throughput: ${RUNS} runs of seed ${SWARM_SEED}, ${TIMED_PER_SETTING} swarms per --jobs setting, alternated`,
  async run(out): Promise<readonly ScriptLine[]> {
    // The built code, as `sim swarm` runs it: workers load dist/, not the sources through tsx.
    const { runSwarm } = (await import(new URL("../../dist/sim/execute/swarm/runSwarm.js", import.meta.url).href)) as typeof RunSwarmModule;
    const rates = new Map<number, number[]>(JOBS_SETTINGS.map((jobs) => [jobs, []]));
    for (let round = 0; round < TIMED_PER_SETTING; round++) {
      for (const jobs of round % 2 === 0 ? JOBS_SETTINGS : [...JOBS_SETTINGS].reverse()) {
        const startMs = systemClock.monotonicMs();
        const report = await runSwarm({ swarmSeed: SWARM_SEED, budget: { runs: RUNS }, jobs, clock: systemClock, stopRequested: () => false, onResult: () => undefined });
        const wallS = (systemClock.monotonicMs() - startMs) / 1000;
        if (report.runs !== RUNS || report.failures !== 0) throw new Error(`bench swarm: ${report.runs} runs, ${report.failures} failures`);
        rates.get(jobs)?.push(RUNS / wallS);
      }
    }
    for (const jobs of JOBS_SETTINGS) out(tableRow(`runs/s, --jobs ${jobs}`, (rates.get(jobs) ?? []).map((v) => v.toFixed(1)).join(" ")));
    const [one, two] = [median(rates.get(1) ?? []), median(rates.get(2) ?? [])];
    return [
      { key: "swarm-runs/s@jobs1", value: one.toFixed(1) },
      { key: "swarm-runs/s@jobs2", value: two.toFixed(1) },
      { key: "swarm-speedup@jobs2", value: (two / one).toFixed(2) },
    ];
  },
};
