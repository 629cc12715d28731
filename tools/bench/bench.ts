/**
 * `npm run bench`: the engine's speed, a list of sections run in order. Each section
 * prints its own figures; the lines scripts read (`key: value`, medians) come together
 * at the end. A benchmark, not a timed test: it prints figures and leaves judging them
 * to the reader (docs/bench.md has the targets).
 *
 * To add a measurement, write a BenchSection and add it to SECTIONS.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchSection, ScriptLine } from "./benchSection.ts";
import { cliStartupSection } from "./cliStartupSection.ts";
import { floorSection } from "./floorSection.ts";
import { largeWorldSection } from "./largeWorldSection.ts";
import { longRunSection } from "./longRunSection.ts";
import { metricCostSection } from "./metricCostSection.ts";
import { readerCostSection } from "./readerCostSection.ts";
import { swarmSection } from "./swarmSection.ts";
import { sweepScaleSection } from "./sweepScaleSection.ts";
import { sweepSection } from "./sweepSection.ts";
import { watchSection } from "./watchSection.ts";
import { worldSizeSection } from "./worldSizeSection.ts";
import { writerCostSection } from "./writerCostSection.ts";

const SECTIONS: readonly BenchSection[] = [
  metricCostSection,
  floorSection,
  worldSizeSection,
  largeWorldSection,
  cliStartupSection,
  sweepSection,
  longRunSection,
  watchSection,
  writerCostSection,
  swarmSection,
  sweepScaleSection,
  readerCostSection,
];

async function main(): Promise<void> {
  // Re-spawn once with --expose-gc so that the heap figures are after a full collection.
  if ((globalThis as { gc?: unknown }).gc === undefined && process.env.SIM_BENCH_CHILD === undefined) {
    const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)], {
      stdio: "inherit",
      env: { ...process.env, SIM_BENCH_CHILD: "1" },
    });
    process.exit(child.status ?? 1);
  }

  const scriptLines: ScriptLine[] = [];
  for (const section of SECTIONS) {
    console.log(`bench: ${section.title}`);
    scriptLines.push(...(await section.run((line) => console.log(line))));
  }
  for (const { key, value } of scriptLines) console.log(`${key}: ${value}`);
}

await main();
