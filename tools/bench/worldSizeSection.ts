/**
 * The bench config over world sizes 64, 1,024 and 4,096, and its per_modality and
 * batches_per_step = 2 variants at W=64: each case in a child process (so that its peak
 * RSS is its own), a median of several runs of equal rank-steps.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BenchSection, type ScriptLine } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { WORLD_SIZE_CASES, type WorldSizeResult } from "./worldSizeCases.ts";

const CHILD = fileURLToPath(new URL("./worldSizeChild.ts", import.meta.url));

function measure(id: string): WorldSizeResult {
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, id], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`world-size case ${id} failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as WorldSizeResult;
}

export const worldSizeSection: BenchSection = {
  title: "world sizes and variants (each in its own process; median of 5 runs of 320,000 rank-steps after a quarter-run lead-in)",
  async run(out): Promise<readonly ScriptLine[]> {
    out(`  ${"case".padEnd(26)} ${"rank-steps/s".padStart(12)} ${"vs W=64".padStart(8)} ${"peak RSS MiB".padStart(13)} ${"heap MiB (steps)".padStart(30)}  runs (ms)`);
    const rates = new Map<string, number>();
    for (const c of WORLD_SIZE_CASES) {
      const result = measure(c.id);
      const rate = (c.worldSize * result.stepsPerRun) / (median(result.runsMs) / 1000);
      rates.set(c.id, rate);
      const ratio = rate / (rates.get("w64") as number);
      const heap = `${result.heapMiB[0].toFixed(1)} (${result.heapAtSteps[0]}) -> ${result.heapMiB[1].toFixed(1)} (${result.heapAtSteps[1]})`;
      out(
        `  ${c.label.padEnd(26)} ${rate.toFixed(0).padStart(12)} ${ratio.toFixed(2).padStart(8)} ${result.peakRssMiB.toFixed(0).padStart(13)} ${heap.padStart(30)}  ${result.runsMs.map((ms) => ms.toFixed(0)).join(" ")}`,
      );
    }
    return [{ key: "rank-steps/s@4096", value: (rates.get("w4096") as number).toFixed(0) }];
  },
};
