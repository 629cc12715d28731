import { join } from "node:path";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import { isTable } from "../../input/scenario/tomlValue.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { nodeRunStore } from "./nodeRunStore.ts";
import type { RunStore } from "./runStore.ts";

/**
 * The metrics_every a run directory was written with, for the readers that also take a
 * run still going or one that failed (export, explain), which has no artifacts.json yet:
 * scenario.resolved.toml's `[run] metrics_every`, written before the first step. A
 * directory without the file (or without the key) wrote every step: 1. A file that does
 * not parse is left to the reader that needs the scenario to name.
 */
export function runMetricsEvery(runDir: string, store: RunStore = nodeRunStore): number {
  const text = store.text(runDir, RUN_FILES.resolvedScenario);
  if (text === undefined) return 1;
  try {
    const run = parseTomlText(text, join(runDir, RUN_FILES.resolvedScenario)).run;
    const every = isTable(run) ? run.metrics_every : undefined;
    return typeof every === "number" && Number.isInteger(every) && every >= 1 ? every : 1;
  } catch {
    return 1;
  }
}
