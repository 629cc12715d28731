import type { MetricsRow } from "../../src/engine/metricsRow.ts";

/**
 * The canonical text of one metrics row: `step` first, then the other keys sorted,
 * numbers in their shortest round-trip form (ECMAScript's Number-to-String, which
 * JSON.stringify uses). Golden files, metrics.jsonl and hash chains all use this one
 * function, so equal rows are equal bytes.
 */
export function formatRow(row: Readonly<Record<string, number>>): string {
  const keys = Object.keys(row).filter((k) => k !== "step").sort();
  const parts: string[] = [];
  if ("step" in row) parts.push(`"step":${JSON.stringify(row.step)}`);
  for (const key of keys) parts.push(`${JSON.stringify(key)}:${JSON.stringify(row[key])}`);
  return `{${parts.join(",")}}`;
}

/** The whole file: one row per line, each line ending in "\n". */
export function formatRows(rows: readonly Readonly<Record<string, number>>[]): string {
  let out = "";
  for (const row of rows) out += formatRow(row) + "\n";
  return out;
}

export type { MetricsRow };
