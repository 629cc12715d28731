import type { RunOutcome } from "./executeRun.ts";

export const RUN_JSON_FORMAT = "sim-run";
export const RUN_JSON_FORMAT_VERSION = 1;

/**
 * `sim run --json`'s one document: `{ format: "sim-run", format_version: 1, scenario,
 * run_dir, status: "completed" | "interrupted", reason, first_step, last_step, wall_ms,
 * reproduce, last, max }`, where `last` and `max` hold every metric's value at the last
 * step and its largest over the run (the console summary shows a few of them).
 */
export function formatRunJson(scenario: string, runDir: string, outcome: RunOutcome, reproduce: string): string {
  const document = {
    format: RUN_JSON_FORMAT,
    format_version: RUN_JSON_FORMAT_VERSION,
    scenario,
    run_dir: runDir,
    status: outcome.status,
    reason: outcome.reason ?? null,
    first_step: outcome.firstStep,
    last_step: outcome.lastStep,
    wall_ms: Math.round(outcome.wallMs),
    reproduce,
    last: outcome.last,
    max: outcome.max,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
