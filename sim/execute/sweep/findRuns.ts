import { relative } from "node:path";
import { isRunArtifacts } from "../run/artifactsSchema.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { metricsEveryOf } from "../run/runArtifacts.ts";
import type { RunStore } from "../run/runStore.ts";
import { expectationsTextOf } from "./expectationsText.ts";

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
  /** A completed run's first step and metrics_every, as its artifacts.json records them: how its metrics.jsonl's rows are laid out, for the summary. */
  readonly firstStep?: number;
  readonly metricsEvery?: number;
  /**
   * A completed run's expectations as its scenario.resolved.toml writes them
   * (expectationsText.ts), taken as it was checked: the summary builds its verdicts from
   * it rather than reading every run's scenario again, on one thread.
   */
  readonly expectationsText?: string;
  /** A completed run's metrics.jsonl as it was hashed, when its reader asked for it (findRunsWorker.ts): the summary reads its rows from this rather than the disk. */
  readonly metricsText?: string;
  /** For a run that did not complete: why, in words. */
  readonly failure?: string;
  /** True for a run that completed but whose files no longer match its artifacts.json's hashes. */
  readonly damaged?: boolean;
}

/** How deep below a sweep directory run directories are looked for: deep enough for a run copied one or two levels astray. */
export const MAX_DEPTH = 4;

/**
 * Every run directory (a directory holding events.jsonl or artifacts.json) under `sweepDir`,
 * depth first with each directory's entries by name, read from `store`. Run directories
 * are not searched further, nor are snapshots/.
 */
export function findRuns(sweepDir: string, store: RunStore): FoundRun[] {
  return store.runDirectories(sweepDir, MAX_DEPTH).map((dir) => readFoundRun(store, sweepDir, dir));
}

/**
 * The run directory `absolute`, found under `sweepDir`, as findRuns reads it: its events,
 * artifacts.json and, when it completed, its files against their recorded hashes; with
 * `keepMetricsTextBytes`, a completed run's metrics.jsonl of at most that many bytes is
 * kept as it was hashed (metricsText).
 */
export function readFoundRun(store: RunStore, sweepDir: string, absolute: string, keepMetricsTextBytes = 0): FoundRun {
  const base = { sweepDir, path: relative(sweepDir, absolute).split("\\").join("/"), absolute };
  let lastEvent: Readonly<Record<string, unknown>> | undefined;
  let completedEvent = false;
  let eventCount = 0;
  for (const event of store.events(absolute)) {
    lastEvent = event;
    eventCount++;
    if (event.event === "COMPLETED") completedEvent = true;
  }
  const parsed = parseJson(store.text(absolute, RUN_FILES.artifacts) ?? "");
  // The same question `sim replay` asks of artifacts.json (artifactsSchema.ts).
  const artifacts = isRunArtifacts(parsed) ? parsed : undefined;
  // A completed run's metrics must still be the ones its artifacts.json recorded: a
  // metrics.jsonl that lost rows is damaged, not complete.
  const checked = completedEvent && artifacts !== undefined ? store.checkFiles(absolute, artifacts, keepMetricsTextBytes) : undefined;
  if (checked !== undefined && checked.problems.length > 0) return { ...base, completed: false, failure: `damaged: ${checked.problems.join("; ")}`, damaged: true };
  if (completedEvent && artifacts !== undefined) {
    const { scenarioText, metricsText } = checked ?? {};
    return {
      ...base,
      completed: true,
      scenarioSha256: artifacts.scenario_sha256,
      steps: artifacts.steps,
      metricsSha256: artifacts.metrics_sha256,
      firstStep: artifacts.first_step,
      metricsEvery: metricsEveryOf(artifacts),
      ...(scenarioText === undefined ? {} : { expectationsText: expectationsTextOf(scenarioText) }),
      ...(metricsText === undefined ? {} : { metricsText }),
    };
  }
  let failure: string;
  if (lastEvent?.event === "FAILED") failure = `FAILED at step ${String(lastEvent.step)}: ${String(lastEvent.reason)}`;
  else if (completedEvent) failure = "events.jsonl records COMPLETED but artifacts.json is missing or broken";
  else if (eventCount > 0) failure = `${String(lastEvent?.event ?? "started")} but never COMPLETED (its worker was killed, or it is still running)`;
  else failure = "no lifecycle events (events.jsonl is missing or empty)";
  return { ...base, completed: false, failure };
}

/** The JSON value of `text`, or undefined when it is not JSON (the schema check then refuses it). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
