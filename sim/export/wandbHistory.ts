import type { MetricsRow } from "../../src/engine/metricsRow.ts";

/**
 * The rows as W&B's run history export gives them: one JSON object per line, `_step`
 * first, then every metric key of the row (the row's `step` is `_step`). Numbers keep
 * their shortest round-trip form, as in metrics.jsonl.
 */
export function formatWandbHistory(rows: readonly MetricsRow[]): string {
  let out = "";
  for (const row of rows) {
    const parts = [`"_step":${JSON.stringify(row.step)}`];
    for (const key in row) if (key !== "step") parts.push(`${JSON.stringify(key)}:${JSON.stringify(row[key])}`);
    out += `{${parts.join(",")}}\n`;
  }
  return out;
}
