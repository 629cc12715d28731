import { alignColumns } from "../format/alignColumns.ts";
import type { RunOutcome } from "./executeRun.ts";

/** The metrics the end-of-run table shows, when the run emitted them. */
const SUMMARY_KEYS = [
  "stream_mixing/active/steps_since_pick_max",
  "stream_mixing/active/remaining_fraction_min",
  "stream_mixing/active/remaining_fraction_max",
  "stream_mixing/refill/exhaust_events",
  "ledger/evictions/lru",
  "ledger/evictions/stale",
  "ledger/false_evictions/lru",
  "ledger/false_evictions/stale",
  "ledger_wipe_count",
];

/** A short table: the steps run, the wall time and a few key metrics' last and largest values. */
export function formatRunSummary(scenario: string, outDir: string, outcome: RunOutcome): string {
  const stepsRun = outcome.lastStep - outcome.firstStep + 1;
  const wallS = outcome.wallMs / 1000;
  const lines: string[][] = [["metric", "last", "max"]];
  for (const key of SUMMARY_KEYS) {
    if (!(key in outcome.last)) continue;
    lines.push([key, String(outcome.last[key]), String(outcome.max[key])]);
  }
  const status = outcome.status === "completed" ? "completed" : `stopped (${outcome.reason ?? "interrupted"})`;
  const out = [
    `run ${scenario}: ${status}; steps ${outcome.firstStep}..${outcome.lastStep} (${stepsRun} run) in ${wallS.toFixed(2)} s (${wallS > 0 ? (stepsRun / wallS).toFixed(1) : "-"} steps/s)`,
    `run directory: ${outDir}`,
    ...alignColumns(lines).map((l) => "  " + l),
  ];
  return out.join("\n") + "\n";
}
