/**
 * A 10,000-config sweep (4 capacities x 2,500 seeds of a 5-step healthy smoke), each
 * phase in its own process for its own peak RSS: planning (every config loaded and
 * checked, sweep.json written: sweepScaleChild.ts), then, once the sweep has run as 4
 * shards into 4 directories (not timed), `sim sweep merge` of the 4 and `sim sweep
 * status` of the merged, complete sweep, each the real command (bin/sim.js) timed from
 * its start to its exit, as a user waits for it. The targets (docs/bench.md): plan and
 * status under 2 s, merge under 10 s, each under 500 MB. Then the plan alone of a sweep
 * at the config cap (LIMITS.sweepConfigs: 4 capacities x 25,000 seeds), which must stay
 * linear.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../sim/io/clock.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";

const CHILD = fileURLToPath(new URL("./sweepScaleChild.ts", import.meta.url));
const SIM = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));
/**
 * Loaded before `sim` (node --import): prints the process's peak RSS as stderr's last
 * line as it exits. The command runs as `sim` runs, with nothing else loaded: timed in
 * sweepScaleChild.ts, which tsx runs, its modules loaded through tsx's loader hooks,
 * whose thread each import waits for (0.2 to 0.3 s of CPU a command), no part of `sim`.
 */
const PEAK_RSS_ON_EXIT = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => writeSync(2, "\\n" + JSON.stringify({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + "\\n"));',
)}`;
const HEALTHY_SMOKE = fileURLToPath(new URL("../../scenarios/healthy_smoke.toml", import.meta.url));
const SEEDS = 2_500;
/** Seeds of the sweep at the config cap: 4 capacities x 25,000 = 100,000 configs (LIMITS.sweepConfigs). */
const SEEDS_AT_CAP = 25_000;
const CAPACITIES = [4, 16, 64, 256];
const SHARDS = 4;

function sweepFile(seedCount: number, name: string): string {
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1).join(", ");
  return `extends = ${JSON.stringify(HEALTHY_SMOKE)}\n\n[run]\nname = "${name}"\nsteps = 5\n\n[sweep]\nseeds = [${seeds}]\n\n[sweep.axes]\n"ledger.capacity" = [${CAPACITIES.join(", ")}]\n`;
}

function child(args: readonly string[]): { seconds: number; peakRssMiB: number } {
  const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`sweep bench phase ${args[0]} failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as { seconds: number; peakRssMiB: number };
}

/** `sim ARGS` in a process of its own: its wall time from start to exit and its peak RSS. */
function sim(args: readonly string[]): { seconds: number; peakRssMiB: number } {
  const startMs = systemClock.monotonicMs();
  const result = spawnSync(process.execPath, ["--import", PEAK_RSS_ON_EXIT, SIM, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, CI: "true" } });
  const seconds = (systemClock.monotonicMs() - startMs) / 1000;
  if (result.status !== 0) throw new Error(`sim ${args.join(" ")} failed (exit ${result.status}): ${result.stderr}`);
  const { peakRssMiB } = JSON.parse(result.stderr.trim().split("\n").at(-1) as string) as { peakRssMiB: number };
  return { seconds, peakRssMiB };
}

export const sweepScaleSection: BenchSection = {
  title: `10,000-config sweep: plan, merge of ${SHARDS} shards, status (each phase in its own process)`,
  async run(out): Promise<readonly ScriptLine[]> {
    const dir = mkdtempSync(join(tmpdir(), "sim-bench-10k-"));
    try {
      const file = join(dir, "sweep_10k.toml");
      writeFileSync(file, sweepFile(SEEDS, "sweep_10k"));
      const plan = child(["plan", file, join(dir, "plan")]);
      const shardDirs = Array.from({ length: SHARDS }, (_, i) => join(dir, `shard-${i + 1}`));
      shardDirs.forEach((shardDir, i) => child(["run", file, shardDir, `${i + 1}/${SHARDS}`, String(availableParallelism())]));
      const merge = sim(["sweep", "merge", ...shardDirs, "--out", join(dir, "merged")]);
      const status = sim(["sweep", "status", join(dir, "merged")]);
      const atCap = join(dir, "sweep_100k.toml");
      writeFileSync(atCap, sweepFile(SEEDS_AT_CAP, "sweep_100k"));
      const planAtCap = child(["plan", atCap, join(dir, "plan-100k")]);
      const rows = [
        ["plan (load + sweep.json)", plan],
        [`merge of ${SHARDS} shards`, merge],
        ["status of the complete sweep", status],
        ["plan of 100,000 configs (the cap)", planAtCap],
      ] as const;
      for (const [label, figures] of rows) {
        out(tableRow(label, `${figures.seconds.toFixed(2)} s, peak RSS ${figures.peakRssMiB.toFixed(0)} MiB`));
      }
      return [
        { key: "sweep-plan-s@10k", value: plan.seconds.toFixed(2) },
        { key: "sweep-status-s@10k", value: status.seconds.toFixed(2) },
        { key: "sweep-merge-s@10k", value: merge.seconds.toFixed(2) },
        { key: "sweep-plan-s@100k", value: planAtCap.seconds.toFixed(2) },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
