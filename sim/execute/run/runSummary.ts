import { EVICTION_KEYS, FALSE_EVICTION_KEYS, WIPE_COUNT_KEY } from "../../../src/ledger/ledgerMetricKeys.ts";
import { STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import { alignColumns } from "../../format/alignColumns.ts";
import type { RunOutcome } from "./executeRun.ts";

/** The metrics the end-of-run table shows, when the run emitted them. */
const SUMMARY_KEYS = [
  K.stepsSincePickMax,
  K.remainingFractionMin,
  K.remainingFractionMax,
  K.exhaustEvents,
  EVICTION_KEYS.lru,
  EVICTION_KEYS.stale,
  FALSE_EVICTION_KEYS.lru,
  FALSE_EVICTION_KEYS.stale,
  WIPE_COUNT_KEY,
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
