import type { SweepStatus } from "./sweepStatus.ts";

export const SWEEP_STATUS_JSON_FORMAT = "sim-sweep-status";
export const SWEEP_STATUS_JSON_FORMAT_VERSION = 1;

/**
 * `sim sweep status --json`'s one document: `{ format: "sim-sweep-status",
 * format_version: 1, sweep_sha256, scenario, complete, configs, completed, problems:
 * [{ config, kind: "missing" | "failed" | "duplicated" | "misrouted", detail }], strays:
 * [path], summary_csv }`, paths as the command shows them (`shown`).
 */
export function formatSweepStatusJson(status: SweepStatus, summaryCsv: string, shown: (path: string) => string): string {
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
    summary_csv: summaryCsv,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
