import { createHash } from "node:crypto";
import { posix } from "node:path";
import { parseEventLine, type RecordedEvent } from "../../sim/execute/run/readLifecycleEvents.ts";
import { RUN_FILES, SNAPSHOT_DIR } from "../../sim/format/runFiles.ts";
import type { RunStore } from "../../sim/execute/run/runStore.ts";
import type { CheckedRunFiles } from "../../sim/execute/run/verifyRunFiles.ts";
import { UserError } from "../../src/errors.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { parseMetricsText, type RowsLayout } from "../../sim/format/metricsRows.ts";

/**
 * Run directories in memory, for the tests of the logic above RunStore (a run's status,
 * the runs of a sweep): `files` maps a file's path ("/sweep/a/events.jsonl") to its text.
 * Paths are POSIX paths; a directory exists when a file is under it.
 */
export class MemoryRunStore implements RunStore {
  readonly files = new Map<string, string>();

  /** Puts the files of one run directory (name to text), replacing those of the same names. */
  put(runDir: string, files: Readonly<Record<string, string>>): this {
    for (const [name, text] of Object.entries(files)) this.files.set(posix.join(runDir, name), text);
    return this;
  }

  /** Copies every file under `from` to the same place under `to`, after removing what `to` held. */
  copy(from: string, to: string): void {
    for (const path of [...this.files.keys()]) if (path.startsWith(`${to}/`)) this.files.delete(path);
    for (const [path, text] of [...this.files]) if (path.startsWith(`${from}/`)) this.files.set(to + path.slice(from.length), text);
  }

  has(path: string): boolean {
    return this.files.has(path) || [...this.files.keys()].some((file) => file.startsWith(`${path}/`));
  }

  *events(runDir: string): Iterable<RecordedEvent> {
    for (const line of (this.text(runDir, RUN_FILES.events) ?? "").split("\n")) {
      const event = parseEventLine(line);
      if (event !== undefined) yield event;
    }
  }

  text(runDir: string, name: string): string | undefined {
    return this.files.get(posix.join(runDir, name));
  }

  holds(runDir: string, name: string): boolean {
    return this.files.has(posix.join(runDir, name));
  }

  /** The metrics are checked against their hash; the scenario is given back as it is, unchecked. */
  checkFiles(runDir: string, artifacts: { readonly metrics_sha256: string }, keepMetricsTextBytes = 0): CheckedRunFiles {
    const text = this.text(runDir, RUN_FILES.metrics);
    const scenarioText = this.text(runDir, RUN_FILES.resolvedScenario);
    const scenario = scenarioText === undefined ? {} : { scenarioText };
    if (text === undefined) return { problems: [`${posix.join(runDir, RUN_FILES.metrics)}: missing`], ...scenario };
    if (sha256Of(text) !== artifacts.metrics_sha256) return { problems: [`${posix.join(runDir, RUN_FILES.metrics)} does not match artifacts.json's metrics_sha256`], ...scenario };
    return { problems: [], ...scenario, ...(Buffer.byteLength(text) <= keepMetricsTextBytes ? { metricsText: text } : {}) };
  }

  metricsRows(runDir: string, layout: RowsLayout): MetricsRow[] {
    const file = posix.join(runDir, RUN_FILES.metrics);
    const text = this.text(runDir, RUN_FILES.metrics);
    if (text === undefined) throw new UserError(`${file}: missing`);
    return parseMetricsText(text, file, layout);
  }

  runDirectories(dir: string, maxDepth: number): string[] {
    const isRun = (candidate: string) => this.files.has(posix.join(candidate, RUN_FILES.events)) || this.files.has(posix.join(candidate, RUN_FILES.artifacts));
    const found: string[] = [];
    const visit = (current: string, depth: number): void => {
      if (current !== dir && isRun(current)) {
        found.push(current);
        return;
      }
      if (depth >= maxDepth) return;
      for (const name of this.subdirectories(current)) if (name !== SNAPSHOT_DIR) visit(posix.join(current, name), depth + 1);
    };
    if (this.has(dir)) visit(dir, 0);
    return found;
  }

  /** The names of the directories directly under `dir`, sorted. */
  private subdirectories(dir: string): string[] {
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(`${dir}/`)) continue;
      const rest = path.slice(dir.length + 1).split("/");
      if (rest.length > 1) names.add(rest[0] as string);
    }
    return [...names].sort();
  }
}

/** The SHA-256 of a text as hex, as artifacts.json records metrics.jsonl's. */
export function sha256Of(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
