/** The files of a run directory, by role. Only these are ever cleared from a reused run directory. */
export const RUN_FILES = {
  metrics: "metrics.jsonl",
  metricsPerRank: "metrics.per_rank.jsonl",
  resolvedScenario: "scenario.resolved.toml",
  artifacts: "artifacts.json",
  events: "events.jsonl",
  heartbeat: "heartbeat.json",
  log: "run.log",
  trace: "trace.jsonl",
} as const;

/** The marker a run writes into its directory first: what makes a directory recognisably ours. */
export const RUN_MARKER = ".sim-run";
export const RUN_MARKER_FORMAT = "sim-run";
export const RUN_MARKER_VERSION = 1;

export const SNAPSHOT_DIR = "snapshots";

/** `snapshots/step-<n>.json`, the name a snapshot of the state after step n gets. */
export function snapshotFileName(step: number): string {
  return `step-${step}.json`;
}

export const SNAPSHOT_FILE_PATTERN = /^step-\d+\.json$/;
