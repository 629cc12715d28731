/**
 * Swarm throughput: a fixed 500-run swarm (seed 20261130, the CI's) run whole by the
 * built `runSwarm` with `--jobs 1` and `--jobs 2`, each swarm in a fresh process as
 * `sim swarm` runs (swarmChild.ts: the workers' start-up, every case's hand-over and the
 * pool's shut-down included), alternated; the medians, and their ratio as the speed-up
 * from the second core. Each swarm in a process of its own, because a swarm run in this
 * process ran with V8's code already optimised by the earlier ones, which a worker never
 * has: --jobs 1 looked faster than `sim swarm --jobs 1` is.
 *
 * Also where the CPU went (medians): the process's main thread, its other threads and
 * its workers. A case is short and touches much code (derive, load, run twice, snapshot,
 * replay), so V8's background compiler is a large part of a swarm's CPU; with --jobs 1 it
 * runs beside the main thread on the second core, so one process already uses more than
 * one core, and each worker pays the compiling again: that caps the second core's
 * speed-up. The CPU lines show whether the work itself is parallel when wall times,
 * on a loaded machine, cannot; each worker's own split (main thread and other threads,
 * read from /proc while it runs) shows what a worker pays that --jobs 1 pays once, and
 * `swarm-speedup-from-cpu@jobs2` is the speed-up those CPU times give two idle cores
 * (processCpu.ts's speedupFromCpu), a figure the machine's load moves far less.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchSection, ScriptLine } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { printJobsSetting, speedupFromCpu, workersTotalS } from "./processCpu.ts";
import { SWARM_SEED, type SwarmChildResult } from "./swarmChild.ts";

const CHILD = fileURLToPath(new URL("./swarmChild.ts", import.meta.url));
const RUNS = 500;
const TIMED_PER_SETTING = 3;
const JOBS_SETTINGS = [1, 2] as const;

function swarmInChild(jobs: number): SwarmChildResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, String(RUNS), String(jobs)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bench swarm --jobs ${jobs} failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as SwarmChildResult;
}

export const swarmSection: BenchSection = {
  title: `swarm throughput: ${RUNS} runs of seed ${SWARM_SEED}, ${TIMED_PER_SETTING} swarms per --jobs setting, each in a fresh process, alternated`,
  async run(out): Promise<readonly ScriptLine[]> {
    const results = new Map<number, SwarmChildResult[]>(JOBS_SETTINGS.map((jobs) => [jobs, []]));
    for (let round = 0; round < TIMED_PER_SETTING; round++) {
      for (const jobs of round % 2 === 0 ? JOBS_SETTINGS : [...JOBS_SETTINGS].reverse()) results.get(jobs)?.push(swarmInChild(jobs));
    }
    const rates = (jobs: number): number[] => (results.get(jobs) ?? []).map((r) => RUNS / r.wallS);
    for (const jobs of JOBS_SETTINGS) {
      const runs = results.get(jobs) ?? [];
      const cpu = runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
      printJobsSetting(out, { jobs, rateName: "runs/s", runName: "swarm", rates: rates(jobs), cpu, workersPerRun: runs.map((r) => r.workers) });
    }
    const [one, two] = [median(rates(1)), median(rates(2))];
    const jobs1MainS = median((results.get(1) ?? []).flatMap((r) => (r.cpu === undefined ? [] : [r.cpu.mainS])));
    const jobs2TotalS = median((results.get(2) ?? []).map((r) => workersTotalS(r.workers)));
    return [
      { key: "swarm-runs/s@jobs1", value: one.toFixed(1) },
      { key: "swarm-runs/s@jobs2", value: two.toFixed(1) },
      { key: "swarm-speedup@jobs2", value: (two / one).toFixed(2) },
      { key: "swarm-speedup-from-cpu@jobs2", value: speedupFromCpu(jobs1MainS, jobs2TotalS).toFixed(2) },
    ];
  },
};
