import { UserError } from "../../../src/errors.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { isKeyPattern, matchesKeyPattern } from "../../format/keyPattern.ts";
import type { Combine, Expectation } from "../../input/scenario/scenario.ts";

/** One step's value of the metric an expectation is about. */
export interface SeriesPoint {
  readonly step: number;
  readonly value: number;
}

export interface MetricSeries {
  readonly window: readonly [number, number];
  readonly points: readonly SeriesPoint[];
  /** The key or pattern with no value anywhere in the window, if any. */
  readonly neverEmitted?: string;
}

/**
 * The per-step values an expectation's statistic is taken over: the rows of its window
 * (inclusive; all steps by default), the metric's value at each (a pattern folded with
 * `combine` over the matching keys present at that step), minus `minus` when given.
 * A step where a side has no value is skipped; it is never read as 0.
 */
export function metricSeries(rows: readonly MetricsRow[], expectation: Expectation): MetricSeries {
  const lastStep = rows.length === 0 ? 0 : (rows[rows.length - 1] as MetricsRow).step;
  const window: readonly [number, number] = expectation.steps ?? [1, lastStep];
  const inWindow = rows.filter((row) => row.step >= window[0] && row.step <= window[1]);
  const points: SeriesPoint[] = [];
  let metricSeen = false;
  let minusSeen = false;
  for (const row of inWindow) {
    const value = valueAt(row, expectation.metric, expectation);
    if (value !== undefined) metricSeen = true;
    if (expectation.minus === undefined) {
      if (value !== undefined) points.push({ step: row.step, value });
      continue;
    }
    const subtrahend = valueAt(row, expectation.minus, expectation);
    if (subtrahend !== undefined) minusSeen = true;
    if (value !== undefined && subtrahend !== undefined) points.push({ step: row.step, value: value - subtrahend });
  }
  if (!metricSeen) return { window, points, neverEmitted: expectation.metric };
  if (expectation.minus !== undefined && !minusSeen) return { window, points, neverEmitted: expectation.minus };
  return { window, points };
}

function valueAt(row: MetricsRow, metric: string, expectation: Expectation): number | undefined {
  if (!isKeyPattern(metric)) return metric === "step" ? undefined : row[metric];
  if (expectation.combine === undefined) {
    throw new UserError(`expectation "${expectation.name}": metric ${JSON.stringify(metric)} is a pattern, so it needs combine = "sum" | "max" | "min" | "spread"`);
  }
  const values: number[] = [];
  for (const key of Object.keys(row)) {
    if (key !== "step" && matchesKeyPattern(metric, key)) values.push(row[key] as number);
  }
  return values.length === 0 ? undefined : combineValues(values, expectation.combine);
}

/** Folds one step's matching values; `spread` is max - min (0 for a single key). */
export function combineValues(values: readonly number[], combine: Combine): number {
  switch (combine) {
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "max":
      return Math.max(...values);
    case "min":
      return Math.min(...values);
    case "spread":
      return Math.max(...values) - Math.min(...values);
  }
}
