/**
 * `node --import tsx tools/bench/abBench.ts [--base <commit>] [--runs N] [--cases w64,w4096] [--cpu] [--floor]`:
 * the engine at `base` (default fd977d4, before the issue-14 speed work) against the
 * working tree's, side by side in one process. Runs alternate between the two engines
 * (and which goes first), so that the load of a shared machine hits both alike; the
 * per-case ratio of medians is the figure to trust, more than either absolute rate. The
 * cases are the world-size table's (worldSizeCases.ts). `--cpu` times the runs in this
 * process's CPU time instead of wall time (what a loaded machine leaves usable);
 * `--floor` adds the floor (floorLoop.ts) as a third slot and prints each engine's
 * floor ratio, as the bench's floor section does.
 *
 * The base engine's `src/` is extracted with `git archive` into a temporary directory
 * beside the repository's node_modules, and imported from there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Engine } from "../../src/engine/engine.ts";
import { median } from "./benchStats.ts";
import { type SteppableEngine, cpuSteppingMs, timeSteppingMs } from "./engineRuns.ts";
import { FloorLoop } from "./floorLoop.ts";
import { WORLD_SIZE_CASES } from "./worldSizeCases.ts";

type EngineClass = new (config: ModelConfig) => SteppableEngine;

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../..");

/** Extracts `src/` at `commit` into a temp dir that resolves the repository's packages. */
function extractBase(commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sim-ab-"));
  const archive = spawnSync("git", ["archive", "--format=tar", commit, "src"], { cwd: REPO_ROOT, maxBuffer: 1 << 28 });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr.toString()}`);
  const tar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return dir;
}

async function importEngine(srcRoot: string): Promise<EngineClass> {
  const module = (await import(pathToFileURL(join(srcRoot, "src/engine/engine.ts")).href)) as { Engine: EngineClass };
  return module.Engine;
}

/** One run of either engine (or the floor): a new engine, a quarter-run lead-in untimed, then the timed steps, in wall or CPU time. */
function timeRunMs(EngineOf: EngineClass, config: ModelConfig, steps: number, cpu: boolean): number {
  return (cpu ? cpuSteppingMs : timeSteppingMs)(new EngineOf(config), steps, Math.ceil(steps / 4));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: "string", default: "fd977d4" },
      runs: { type: "string", default: "7" },
      cases: { type: "string", default: WORLD_SIZE_CASES.map((c) => c.id).join(",") },
      "rank-steps": { type: "string", default: "320000" },
      cpu: { type: "boolean", default: false },
      floor: { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  const rankSteps = Number(values["rank-steps"]);
  const cases = (values.cases as string).split(",").map((id) => {
    const found = WORLD_SIZE_CASES.find((c) => c.id === id);
    if (found === undefined) throw new Error(`unknown case ${id}; known: ${WORLD_SIZE_CASES.map((c) => c.id).join(", ")}`);
    return found;
  });
  const baseDir = extractBase(values.base as string);
  try {
    const engines: [string, EngineClass][] = [
      [`base ${values.base}`, await importEngine(baseDir)],
      ["this tree", Engine],
      ...(values.floor ? [["floor", FloorLoop] as [string, EngineClass]] : []),
    ];
    const cpu = values.cpu === true;
    console.log(`A/B: ${runs} alternating runs per engine and world size, ${rankSteps} rank-steps per run, ${cpu ? "CPU" : "wall"} time; ratio = this tree's median time / base's`);
    for (const { label, worldSize, config } of cases) {
      const steps = Math.max(1, Math.round(rankSteps / worldSize));
      const times: number[][] = engines.map(() => []);
      // Warm-up: one run of each, so that the timed runs measure optimised code.
      for (const [, EngineOf] of engines) timeRunMs(EngineOf, config, steps, cpu);
      for (let run = 0; run < runs; run++) {
        // Each slot goes first in turn.
        const order = engines.map((_, k) => (k + run) % engines.length);
        for (const i of order) (times[i] as number[]).push(timeRunMs((engines[i] as [string, EngineClass])[1], config, steps, cpu));
      }
      const medians = times.map(median);
      for (const [i, [engineLabel]] of engines.entries()) {
        const ms = medians[i] as number;
        const runsMs = (times[i] as number[]).map((t) => t.toFixed(0)).join(" ");
        console.log(`  ${label} ${engineLabel.padEnd(14)} median ${ms.toFixed(1)} ms (${((worldSize * steps) / (ms / 1000)).toFixed(0)} rank-steps/s); runs ${runsMs}`);
      }
      console.log(`  ${label} ratio ${((medians[1] as number) / (medians[0] as number)).toFixed(3)} (speed-up ${((medians[0] as number) / (medians[1] as number)).toFixed(2)}x)`);
      if (values.floor) {
        const floorMs = medians[2] as number;
        console.log(`  ${label} floor ratio: base ${((medians[0] as number) / floorMs).toFixed(2)}, this tree ${((medians[1] as number) / floorMs).toFixed(2)}`);
      }
    }
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
}

await main();
