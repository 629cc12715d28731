/**
 * Sweep throughput: the fixed sweep `tools/bench/benchSweep.toml` run whole by `runSweep`
 * (pool start-up, every run's files, the pool's shut-down) with `--jobs 1` and `--jobs 2`,
 * alternated; the medians, and their ratio as the speed-up from the second core; and
 * where the CPU went (processCpu.ts): the same work should cost the same CPU with either
 * setting, which shows the pool's work is parallel when the machine is too loaded for
 * the wall times to. Each worker's own split (main thread, other threads) and
 * `sweep-speedup-from-cpu@jobs2`, the speed-up those CPU times give two idle cores
 * (processCpu.ts's speedupFromCpu: --jobs 1 runs on one worker too, whose main thread
 * sets its pace), a figure the machine's load moves far less than the wall times.
 */
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { printJobsSetting, speedupFromCpu, workersTotalS } from "./processCpu.ts";
import { benchSweep } from "./sweepBench.ts";

/** Timed runs of the whole bench sweep per jobs setting. */
const SWEEP_RUNS_PER_SETTING = 3;
const JOBS_SETTINGS = [1, 2] as const;

export const sweepSection: BenchSection = {
  title: `sweep throughput: tools/bench/benchSweep.toml, ${SWEEP_RUNS_PER_SETTING} runs per --jobs setting, alternated`,
  async run(out): Promise<readonly ScriptLine[]> {
    const sweep = await benchSweep(JOBS_SETTINGS, SWEEP_RUNS_PER_SETTING);
    const rates = (jobs: number): readonly number[] => sweep.configsPerSecond.get(jobs) ?? [];
    out(tableRow("configs per sweep", String(sweep.configs)));
    for (const jobs of JOBS_SETTINGS) {
      const workersPerRun = sweep.workers.get(jobs) ?? [];
      printJobsSetting(out, { jobs, rateName: "configs/s", runName: "sweep", rates: rates(jobs), cpu: sweep.cpu.get(jobs) ?? [], workersPerRun });
    }
    const [one, two] = [median(rates(1)), median(rates(2))];
    const jobs1MainS = median((sweep.workers.get(1) ?? []).map((workers) => workers.reduce((sum, w) => sum + w.mainS, 0)));
    const jobs2TotalS = median((sweep.workers.get(2) ?? []).map(workersTotalS));
    return [
      { key: "sweep-configs/s", value: two.toFixed(1) },
      { key: "sweep-configs/s@jobs1", value: one.toFixed(1) },
      { key: "sweep-configs/s@jobs2", value: two.toFixed(1) },
      { key: "sweep-speedup@jobs2", value: (two / one).toFixed(2) },
      { key: "sweep-speedup-from-cpu@jobs2", value: speedupFromCpu(jobs1MainS, jobs2TotalS).toFixed(2) },
    ];
  },
};
