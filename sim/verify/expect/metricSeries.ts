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

/** What is known of a series once its last row has been seen: its window, and the key or pattern that never had a value in it. */
export interface SeriesEnd {
  readonly window: readonly [number, number];
  readonly neverEmitted?: string;
}

/**
 * The per-step values an expectation's statistic is taken over, a row at a time: the rows
 * of its window (inclusive; all steps by default), the metric's value at each (a pattern
 * folded with `combine` over the matching keys present at that step), minus `minus` when
 * given. A step where a side has no value is skipped; it is never read as 0. Rows come in
 * step order, as a run makes them, and none is kept: a check of a run at the step limit
 * holds one row.
 */
export class SeriesReader {
  private metricSeen = false;
  private minusSeen = false;
  private lastStep = 0;

  constructor(private readonly expectation: Expectation) {}

  /** The point of `row`, or undefined when the row is outside the window or a side has no value there. */
  pointOf(row: MetricsRow): SeriesPoint | undefined {
    const { expectation } = this;
    this.lastStep = row.step;
    // The default window is 1..the last step, which every row in step order is at or before.
    const [from, to] = expectation.steps ?? [1, row.step];
    if (row.step < from || row.step > to) return undefined;
    const value = valueAt(row, expectation.metric, expectation);
    if (value !== undefined) this.metricSeen = true;
    if (expectation.minus === undefined) return value === undefined ? undefined : { step: row.step, value };
    const subtrahend = valueAt(row, expectation.minus, expectation);
    if (subtrahend !== undefined) this.minusSeen = true;
    return value !== undefined && subtrahend !== undefined ? { step: row.step, value: value - subtrahend } : undefined;
  }

  /** The window and what was never emitted, after the last row. */
  end(): SeriesEnd {
    const { expectation } = this;
    const window: readonly [number, number] = expectation.steps ?? [1, this.lastStep];
    if (!this.metricSeen) return { window, neverEmitted: expectation.metric };
    if (expectation.minus !== undefined && !this.minusSeen) return { window, neverEmitted: expectation.minus };
    return { window };
  }
}

/** The whole series of an expectation over rows in step order (the report draws it). */
export function metricSeries(rows: Iterable<MetricsRow>, expectation: Expectation): MetricSeries {
  const reader = new SeriesReader(expectation);
  const points: SeriesPoint[] = [];
  for (const row of rows) {
    const point = reader.pointOf(row);
    if (point !== undefined) points.push(point);
  }
  return { ...reader.end(), points };
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
