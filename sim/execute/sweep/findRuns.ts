import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { artifactsProblems } from "../run/artifactsSchema.ts";
import { readLifecycleEvents } from "../run/readLifecycleEvents.ts";
import { RUN_FILES, SNAPSHOT_DIR } from "../run/runFiles.ts";
import { runFileProblems } from "../run/verifyRunFiles.ts";

/** A run directory found under a sweep directory, completed or not. */
export interface FoundRun {
  /** The sweep directory it was found under. */
  readonly sweepDir: string;
  /** Its path relative to sweepDir, with "/" separators. */
  readonly path: string;
  readonly absolute: string;
  /** artifacts.json is sound and events.jsonl records COMPLETED. */
  readonly completed: boolean;
  readonly scenarioSha256?: string;
  readonly steps?: number;
  readonly metricsSha256?: string;
  /** For a run that did not complete: why, in words. */
  readonly failure?: string;
  /** True for a run that completed but whose files no longer match its artifacts.json's hashes. */
  readonly damaged?: boolean;
}

/** How deep below a sweep directory run directories are looked for: deep enough for a run copied one or two levels astray. */
const MAX_DEPTH = 4;

/**
 * Every run directory (a directory holding events.jsonl or artifacts.json) under `sweepDir`,
 * sorted by path. Run directories are not searched further, nor are snapshots/.
 */
export function findRuns(sweepDir: string): FoundRun[] {
  const found: FoundRun[] = [];
  const visit = (dir: string, depth: number): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    if (dir !== sweepDir && (names.has(RUN_FILES.events) || names.has(RUN_FILES.artifacts))) {
      found.push(readFoundRun(sweepDir, dir));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const entry of entries.filter((e) => e.isDirectory() && e.name !== SNAPSHOT_DIR).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      visit(join(dir, entry.name), depth + 1);
    }
  };
  if (existsSync(sweepDir)) visit(sweepDir, 0);
  return found;
}

function readFoundRun(sweepDir: string, absolute: string): FoundRun {
  const base = { sweepDir, path: relative(sweepDir, absolute).split("\\").join("/"), absolute };
  let lastEvent: Readonly<Record<string, unknown>> | undefined;
  let completedEvent = false;
  let eventCount = 0;
  for (const event of readLifecycleEvents(absolute)) {
    lastEvent = event;
    eventCount++;
    if (event.event === "COMPLETED") completedEvent = true;
  }
  const artifacts = parseJsonObject(readText(join(absolute, RUN_FILES.artifacts)) ?? "");
  // The same question `sim replay` asks of artifacts.json (artifactsSchema.ts).
  const sound = artifacts !== undefined && artifactsProblems(artifacts).length === 0;
  // A completed run's metrics must still be the ones its artifacts.json recorded: a
  // metrics.jsonl that lost rows is damaged, not complete.
  const damage = completedEvent && sound ? runFileProblems(absolute, artifacts as { metrics_sha256: string }) : [];
  if (damage.length > 0) return { ...base, completed: false, failure: `damaged: ${damage.join("; ")}`, damaged: true };
  if (completedEvent && sound) {
    return {
      ...base,
      completed: true,
      scenarioSha256: artifacts.scenario_sha256 as string,
      steps: artifacts.steps as number,
      metricsSha256: artifacts.metrics_sha256 as string,
    };
  }
  let failure: string;
  if (lastEvent?.event === "FAILED") failure = `FAILED at step ${String(lastEvent.step)}: ${String(lastEvent.reason)}`;
  else if (completedEvent) failure = "events.jsonl records COMPLETED but artifacts.json is missing or broken";
  else if (eventCount > 0) failure = `${String(lastEvent?.event ?? "started")} but never COMPLETED (its worker was killed, or it is still running)`;
  else failure = "no lifecycle events (events.jsonl is missing or empty)";
  return { ...base, completed: false, failure };
}

function readText(file: string): string | undefined {
  try {
    // Only a regular file is opened: a FIFO in a run's place would block the status.
    return statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
