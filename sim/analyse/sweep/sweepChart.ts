import { UserError } from "../../../src/errors.ts";
import { nearestKey } from "../../input/scenario/schemaErrors.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";
import { formatPointValue } from "../../execute/sweep/sweepPoint.ts";
import type { MetricStatistic } from "./sweepStatistics.ts";
import type { SummaryRow } from "./sweepSummary.ts";

/** What to chart: a metric's statistic against one swept key, a line per value of another. */
export interface SweepChartRequest {
  readonly metric: string;
  readonly statistic: MetricStatistic;
  /** The swept key along the x axis. */
  readonly xAxis: string;
  /** The swept key whose values get a line each; none draws one line. */
  readonly seriesAxis?: string;
}

export interface SweepChartSeries {
  /** `<key>=<value>`, or the metric's name when there is no series axis. */
  readonly name: string;
  /**
   * Per x value, the mean of the statistic over the complete configs at that point (the
   * keys not charted, seeds say, are averaged over), with its min and max; null where
   * no complete config has a value.
   */
  readonly mean: readonly (number | null)[];
  readonly min: readonly (number | null)[];
  readonly max: readonly (number | null)[];
  /** How many configs each mean is taken over. */
  readonly count: readonly number[];
}

/** The data of a sweep chart, ready for a chart library: categories along x, one series per line. */
export interface SweepChart {
  readonly title: string;
  readonly xAxis: string;
  readonly x: readonly string[];
  readonly series: readonly SweepChartSeries[];
}

/**
 * Builds the chart of `request` from summary rows (a pure function: the report or any
 * other renderer draws it). The x values and the lines keep the order in which the
 * values first appear, sorted numerically when every value is a number, so that a
 * numeric axis reads left to right.
 */
export function buildSweepChart(rows: readonly SummaryRow[], request: SweepChartRequest): SweepChart {
  const complete = rows.filter((row) => row.status === "complete");
  const x = orderedValues(rows, request.xAxis);
  const lines = request.seriesAxis === undefined ? [undefined] : orderedValues(rows, request.seriesAxis);
  const series = lines.map((line): SweepChartSeries => {
    const mean: (number | null)[] = [];
    const min: (number | null)[] = [];
    const max: (number | null)[] = [];
    const count: number[] = [];
    for (const xValue of x) {
      const values = complete
        .filter((row) => valueOf(row, request.xAxis) === xValue && (line === undefined || valueOf(row, request.seriesAxis as string) === line))
        .map((row) => row.metrics.get(request.metric)?.[request.statistic])
        .filter((value): value is number => value !== undefined);
      count.push(values.length);
      mean.push(values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
      min.push(values.length === 0 ? null : Math.min(...values));
      max.push(values.length === 0 ? null : Math.max(...values));
    }
    return { name: line === undefined ? request.metric : `${request.seriesAxis}=${line}`, mean, min, max, count };
  });
  return { title: `${request.metric} (${request.statistic}) by ${request.xAxis}`, xAxis: request.xAxis, x, series };
}

/**
 * Refuses a request whose keys are not swept keys of the sweep, or whose metric no
 * complete config emitted, each with a did-you-mean; `option` names the flags the
 * request came from (the first chart's, or the n-th's when there are several).
 */
export function checkSweepChartRequest(rows: readonly SummaryRow[], axes: readonly string[], request: SweepChartRequest, option = ""): void {
  for (const key of [request.xAxis, ...(request.seriesAxis === undefined ? [] : [request.seriesAxis])]) checkSweptKey(axes, key, `--x/--series${option}`);
  if (!rows.some((row) => row.metrics.has(request.metric))) {
    const near = nearestKey(request.metric, metricsOf(rows));
    throw new UserError(`--metric${option} ${request.metric}: no complete config of this sweep emitted it${near === undefined ? "" : ` (did you mean "${near}"?)`}`);
  }
}

/** Every metric a complete config emitted, sorted. */
export function metricsOf(rows: readonly SummaryRow[]): string[] {
  return [...new Set(rows.flatMap((row) => [...row.metrics.keys()]))].sort();
}

function valueOf(row: SummaryRow, axis: string): string | undefined {
  const value = row.point[axis];
  return value === undefined ? undefined : formatPointValue(value as TomlValue);
}

function orderedValues(rows: readonly SummaryRow[], axis: string): string[] {
  const seen: string[] = [];
  for (const row of rows) {
    const value = valueOf(row, axis);
    if (value !== undefined && !seen.includes(value)) seen.push(value);
  }
  const numeric = seen.every((value) => value.trim() !== "" && Number.isFinite(Number(value)));
  return numeric ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** Refuses a key that is not one of the sweep's swept keys, with the nearest one as a did-you-mean. */
export function checkSweptKey(axes: readonly string[], key: string, option: string): void {
  if (axes.includes(key)) return;
  const near = nearestKey(key, axes);
  throw new UserError(`${option} ${key}: not a swept key of this sweep${near === undefined ? "" : ` (did you mean "${near}"?)`}; its keys are ${axes.join(", ")}`);
}
