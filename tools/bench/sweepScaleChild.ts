/**
 * One phase of the 10,000-config sweep bench (sweepScaleSection.ts) that no `sim` command
 * does alone, in a process of its own, so that its peak RSS is its own: `plan FILE DIR`
 * (load every config, write sweep.json) and `run FILE DIR i/n [jobs]` (run a shard: the
 * bench's set-up, not timed). Runs the built code, as `sim` does (`sim sweep status` and
 * `merge` the section runs as they are). Prints one JSON line: the phase's seconds and the
 * process's peak RSS in MiB.
 */
import { mkdirSync } from "node:fs";
import { systemClock } from "../../sim/io/clock.ts";
import type * as LoadSweepModule from "../../sim/execute/sweep/loadSweep.ts";
import type * as RunSweepModule from "../../sim/execute/sweep/runSweep.ts";
import type * as ShardModule from "../../sim/execute/pool/shard.ts";
import type * as SweepManifestModule from "../../sim/execute/sweep/sweepManifest.ts";

const dist = (module: string): string => new URL(`../../dist/sim/${module}.js`, import.meta.url).href;

async function phase(name: string, args: readonly string[]): Promise<void> {
  if (name === "plan") {
    const { loadSweep } = (await import(dist("execute/sweep/loadSweep"))) as typeof LoadSweepModule;
    const { manifestOf, writeManifest } = (await import(dist("execute/sweep/sweepManifest"))) as typeof SweepManifestModule;
    const sweep = loadSweep(args[0] as string);
    mkdirSync(args[1] as string, { recursive: true });
    writeManifest(args[1] as string, manifestOf(sweep));
    return;
  }
  if (name !== "run") throw new Error(`unknown sweep bench phase ${name}: plan or run`);
  const { loadSweep } = (await import(dist("execute/sweep/loadSweep"))) as typeof LoadSweepModule;
  const { runSweep } = (await import(dist("execute/sweep/runSweep"))) as typeof RunSweepModule;
  const { parseShard } = (await import(dist("execute/pool/shard"))) as typeof ShardModule;
  const result = await runSweep(loadSweep(args[0] as string), {
    outDir: args[1] as string,
    jobs: Number(args[3] ?? 2),
    shard: parseShard(args[2] as string),
    stopRequested: () => undefined,
  });
  if (result.failed.length > 0) throw new Error(`${result.failed.length} configs failed: ${result.failed[0]?.reason}`);
}

const [name, ...args] = process.argv.slice(2);
const startMs = systemClock.monotonicMs();
await phase(name as string, args);
const seconds = (systemClock.monotonicMs() - startMs) / 1000;
console.log(JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
