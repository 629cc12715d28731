import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readLifecycleEvents } from "./readLifecycleEvents.ts";
import { readMetricsRows } from "../../format/metricsRows.ts";
import { RUN_FILES, SNAPSHOT_DIR } from "../../format/runFiles.ts";
import type { RunStore } from "./runStore.ts";
import { checkRunFiles } from "./verifyRunFiles.ts";

/** The run directories on disk (runStore.ts says what each method promises). */
export const nodeRunStore: RunStore = {
  events: (runDir) => readLifecycleEvents(runDir),
  text(runDir, name) {
    const file = join(runDir, name);
    try {
      // Only a regular file is opened: a FIFO in a run's place would block the reader.
      return statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
    } catch {
      return undefined;
    }
  },
  checkFiles: (runDir, artifacts, keepMetricsTextBytes) => checkRunFiles(runDir, artifacts, keepMetricsTextBytes),
  metricsRows(runDir, layout) {
    const file = join(runDir, RUN_FILES.metrics);
    return readMetricsRows(file, file, layout);
  },
  runDirectories(dir, maxDepth) {
    const found: string[] = [];
    const visit = (current: string, depth: number): void => {
      const entries = readdirSync(current, { withFileTypes: true });
      const names = new Set(entries.map((e) => e.name));
      if (current !== dir && (names.has(RUN_FILES.events) || names.has(RUN_FILES.artifacts))) {
        found.push(current);
        return;
      }
      if (depth >= maxDepth) return;
      for (const entry of entries.filter((e) => e.isDirectory() && e.name !== SNAPSHOT_DIR).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        visit(join(current, entry.name), depth + 1);
      }
    };
    if (existsSync(dir)) visit(dir, 0);
    return found;
  },
};
