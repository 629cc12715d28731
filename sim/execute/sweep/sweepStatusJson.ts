import type { SweepJob } from "./launcher/jobStates.ts";
import type { SweepStatus } from "./sweepStatus.ts";

export const SWEEP_STATUS_JSON_FORMAT = "sim-sweep-status";
export const SWEEP_STATUS_JSON_FORMAT_VERSION = 1;

/**
 * `sim sweep status --json`'s one document: `{ format: "sim-sweep-status",
 * format_version: 1, sweep_sha256, scenario, complete, configs, completed, problems:
 * [{ config, kind, detail }], strays: [path], jobs: [{ launcher: "slurm", job_id, tasks,
 * configs, state: "active" | "ended" | "unknown", task_states: { pending: n, running: n,
 * ... }, detail? }], summary_csv }`, paths as the command shows them (`shown`). `kind`
 * is one of missing, failed, damaged, misrouted, duplicated, and while a launched job
 * still runs, queued or running; `jobs` are those of the directory's launch.json
 * (launcher/jobStates.ts's SweepJob: `configs` null for every config), empty for a
 * sweep never launched to a cluster. docs/sweeps.md shows an example.
 */
export function formatSweepStatusJson(status: SweepStatus, jobs: readonly SweepJob[], summaryCsv: string, shown: (path: string) => string): string {
  const document = {
    format: SWEEP_STATUS_JSON_FORMAT,
    format_version: SWEEP_STATUS_JSON_FORMAT_VERSION,
    sweep_sha256: status.manifest.sweep_sha256,
    scenario: status.manifest.scenario,
    complete: status.complete,
    configs: status.configs.length,
    completed: status.configs.filter((state) => state.run !== undefined).length,
    problems: status.configs.flatMap((state) => state.problems.map((problem) => ({ config: problem.config, kind: problem.kind, detail: problem.detail }))),
    strays: status.strays.map((stray) => shown(stray.absolute)),
    jobs,
    summary_csv: summaryCsv,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
