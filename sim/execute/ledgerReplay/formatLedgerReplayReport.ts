import { alignColumns } from "../../format/alignColumns.ts";
import type { LedgerReplayReport } from "./ledgerReplayGrid.ts";

/** Every column right-aligned, indented by two spaces. */
function table(rows: readonly (readonly string[])[]): string {
  const everyColumn = new Set((rows[0] ?? []).keys());
  return alignColumns(rows, { rightAligned: everyColumn })
    .map((line) => `  ${line}`)
    .join("\n");
}

/** The replay table, then the minima computed from the trace. */
export function formatLedgerReplayReport(file: string, report: LedgerReplayReport): string {
  const rows: string[][] = [["capacity", "wipe_mode", "interval", "stale_thr", "evict_lru", "evict_stale", "false_lru", "false_stale", "false_total", "opt_false"]];
  for (const r of report.rows) {
    rows.push([
      String(r.capacity),
      r.wipeMode,
      r.wipeMode === "none" ? "-" : String(r.wipeIntervalSteps),
      r.staleThresholdSteps === undefined ? "-" : String(r.staleThresholdSteps),
      String(r.evictionsLru),
      String(r.evictionsStale),
      String(r.falseEvictionsLru),
      String(r.falseEvictionsStale),
      String(r.falseEvictionsLru + r.falseEvictionsStale),
      String(r.optFalseEvictions),
    ]);
  }
  const out = [`ledger replay of ${file} (evictions summed over owner ranks and steps; opt_false: Belady's clairvoyant bound at that capacity)`, table(rows), ""];
  for (const m of report.minima.capacityForZeroFalseLru) {
    const at =
      m.wipeMode === "none"
        ? "wipe_mode none"
        : `wipe_mode ${m.wipeMode}, interval ${m.wipeIntervalSteps}${m.staleThresholdSteps === undefined ? "" : `, stale_threshold ${m.staleThresholdSteps}`}`;
    out.push(`smallest capacity with zero false LRU evictions (${at}): ${m.capacity}`);
  }
  for (const m of report.minima.staleThresholdForZeroFalseStale) {
    out.push(`smallest stale_threshold with zero false STALE evictions (capacity ${m.capacity}, interval ${m.wipeIntervalSteps}): ${m.staleThresholdSteps}`);
  }
  return out.join("\n") + "\n";
}
