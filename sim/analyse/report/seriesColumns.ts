import type { MetricsRow } from "../../../src/engine/metricsRow.ts";

/**
 * A run's metrics by column, the shape an ECharts dataset takes: `step` and one array
 * per key, `null` where a step has no value for the key (drawn as a gap, never as 0).
 * The values are the rows' own numbers: decimation is the chart's, for display only.
 */
export type SeriesColumns = { step: number[] } & Record<string, (number | null)[]>;

export function columnsOf(rows: readonly Readonly<Record<string, number>>[], keys: Iterable<string>): SeriesColumns {
  const columns: SeriesColumns = { step: rows.map((row) => row.step as number) };
  for (const key of keys) {
    if (key === "step") continue;
    columns[key] = rows.map((row) => row[key] ?? null);
  }
  return columns;
}

/** Every key any row has, `step` excluded, in first-seen order. */
export function keysOf(rows: readonly Readonly<Record<string, number>>[]): Set<string> {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (key !== "step") keys.add(key);
  return keys;
}

/** A derived column: `f` of the listed columns at each step, null where any is null. */
export function derivedColumn(columns: SeriesColumns, keys: readonly string[], f: (values: number[]) => number): (number | null)[] {
  const sources = keys.map((key) => columns[key]);
  return columns.step.map((_step, index) => {
    const values: number[] = [];
    for (const source of sources) {
      const value = source?.[index];
      if (value === undefined || value === null) return null;
      values.push(value);
    }
    return f(values);
  });
}

export type { MetricsRow };
