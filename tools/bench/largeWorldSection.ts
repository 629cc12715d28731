/**
 * The bench config at W=65,536 on one thread and on two, each in a child process of its
 * own (for its peak RSS), alternated twice so that the load of a shared machine hits
 * both alike: rank-steps/s on one thread, the speed-up of two over one (the ratio of
 * the medians, in the same process tree), and the larger peak RSS.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { LARGE_WORLD_SIZE, LARGE_WORLD_STEPS_PER_RUN, type LargeWorldResult } from "./largeWorldChild.ts";

const CHILD = fileURLToPath(new URL("./largeWorldChild.ts", import.meta.url));
const ROUNDS = 2;

function measure(threads: number): LargeWorldResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", CHILD, String(threads)], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`large-world run on ${threads} threads failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as LargeWorldResult;
}

export const largeWorldSection: BenchSection = {
  title: `W=${LARGE_WORLD_SIZE} on 1 and 2 threads (each run in its own process, ${ROUNDS} alternating rounds of 3 runs of ${LARGE_WORLD_STEPS_PER_RUN} steps)`,
  async run(out): Promise<readonly ScriptLine[]> {
    const runs = new Map<number, number[]>([
      [1, []],
      [2, []],
    ]);
    let peakRssMiB = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
        const result = measure(threads);
        runs.get(threads)?.push(...result.runsMs);
        peakRssMiB = Math.max(peakRssMiB, result.peakRssMiB);
        out(tableRow(`${threads} thread(s): runs (ms), peak RSS (MiB)`, `${result.runsMs.map((ms) => ms.toFixed(0)).join(" ")}, ${result.peakRssMiB.toFixed(0)}`));
      }
    }
    const rankStepsPerRun = LARGE_WORLD_SIZE * LARGE_WORLD_STEPS_PER_RUN;
    const [oneMs, twoMs] = [median(runs.get(1) as number[]), median(runs.get(2) as number[])];
    out(tableRow("rank-steps/s, 1 thread", (rankStepsPerRun / (oneMs / 1000)).toFixed(0)));
    out(tableRow("rank-steps/s, 2 threads", (rankStepsPerRun / (twoMs / 1000)).toFixed(0)));
    return [
      { key: `rank-steps/s@${LARGE_WORLD_SIZE}`, value: (rankStepsPerRun / (oneMs / 1000)).toFixed(0) },
      { key: `threads-speedup@${LARGE_WORLD_SIZE}`, value: (oneMs / twoMs).toFixed(2) },
      { key: `peak-rss-mib@${LARGE_WORLD_SIZE}`, value: peakRssMiB.toFixed(0) },
    ];
  },
};
