import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { RowsLayout } from "../../format/metricsRows.ts";
import type { RecordedEvent } from "./readLifecycleEvents.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import type { CheckedRunFiles } from "./verifyRunFiles.ts";

/**
 * Everything the readers of run directories (a run's status, the runs of a sweep) need
 * from the file system, behind one small interface like golden's (goldenStore.ts): the
 * logic above it (runStatus.ts, findRuns.ts, the sweep's status and merge) is tested
 * against an in-memory store, and nodeRunStore.ts is the one that reads the disk.
 * A run is named by its directory's path; a file of it by its name in RUN_FILES.
 */
export interface RunStore {
  /**
   * The run's lifecycle events (events.jsonl), in order: none when the file is missing;
   * a line that is not a JSON object is skipped (parseEventLine), since a killed process
   * may leave a half-written last line.
   */
  events(runDir: string): Iterable<RecordedEvent>;
  /**
   * The text of a file of the run when it is a regular file that can be read, else
   * undefined: a FIFO or a directory in its place is never opened.
   */
  text(runDir: string, name: string): string | undefined;
  /**
   * Whether the run has a file of that name to read (a broken link does not count): what a
   * command asks before it reads a file a run may not have written (its trace, its
   * per-rank rows) or tells a run that has not finished from a directory that is no run.
   */
  holds(runDir: string, name: string): boolean;
  /**
   * What in a completed run does not match its artifacts.json: metrics.jsonl against the
   * `metrics_sha256` recorded and scenario.resolved.toml against `scenario_sha256`, in
   * words (verifyRunFiles.ts), none when both match; with the scenario's text as checked,
   * and metrics.jsonl's text as hashed when it is at most `keepMetricsTextBytes` long.
   */
  checkFiles(runDir: string, artifacts: Pick<RunArtifacts, "metrics_sha256" | "scenario_sha256">, keepMetricsTextBytes?: number): CheckedRunFiles;
  /**
   * The rows of the run's metrics.jsonl, one at a time (a long run's file is never held
   * whole), checked as metricsRows.ts checks every metrics file against `layout`; a
   * missing, unreadable or broken file is bad input (UserError, exit 2).
   */
  metricsRows(runDir: string, layout: RowsLayout): Iterable<MetricsRow>;
  /**
   * The run directories under `dir` (a directory holding events.jsonl or artifacts.json;
   * `dir` itself is not one), at most `maxDepth` levels below it, in depth-first order
   * with each directory's entries sorted by name. A run directory is not searched
   * further, nor is a snapshots/ folder. None when `dir` does not exist.
   */
  runDirectories(dir: string, maxDepth: number): string[];
}
