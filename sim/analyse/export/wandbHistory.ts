import type { MetricsRow } from "../../../src/engine/metricsRow.ts";

/**
 * One row as W&B's run history export gives it: a JSON object, `_step` first, then every
 * metric key of the row (the row's `step` is `_step`). Numbers keep their shortest
 * round-trip form, as in metrics.jsonl.
 */
export function wandbHistoryLine(row: MetricsRow): string {
  const parts = [`"_step":${JSON.stringify(row.step)}`];
  for (const key in row) if (key !== "step") parts.push(`${JSON.stringify(key)}:${JSON.stringify(row[key])}`);
  return `{${parts.join(",")}}`;
}

/** The rows as W&B's history export: one wandbHistoryLine per row, each ending in "\n". */
export function formatWandbHistory(rows: Iterable<MetricsRow>): string {
  let out = "";
  for (const row of rows) out += wandbHistoryLine(row) + "\n";
  return out;
}
