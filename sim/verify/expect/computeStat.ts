import type { ExpectationStat } from "../../input/scenario/scenario.ts";
import type { NoValueReason } from "./expectationResult.ts";
import type { SeriesPoint } from "./metricSeries.ts";
import { nearestRankPercentile } from "./percentile.ts";

export type StatValue = { readonly value: number } | { readonly reason: NoValueReason };

const PERCENTILES: Readonly<Record<string, number>> = { p50: 50, p80: 80, p90: 90, p95: 95, p99: 99 };

/**
 * One statistic over a non-empty series (the caller fails an empty one as "never
 * emitted"). Counts and fractions are over the steps that have a value.
 */
export function computeStat(stat: ExpectationStat, points: readonly SeriesPoint[]): StatValue {
  const values = points.map((point) => point.value);
  switch (stat) {
    case "max":
      return { value: values.reduce((a, b) => Math.max(a, b)) };
    case "min":
      return { value: values.reduce((a, b) => Math.min(a, b)) };
    case "sum":
      return { value: sum(values) };
    case "mean":
      return { value: sum(values) / values.length };
    case "last":
      return { value: values[values.length - 1] as number };
    case "count_nonzero":
      return { value: values.filter((v) => v !== 0).length };
    case "fraction_nonzero":
      return { value: values.filter((v) => v !== 0).length / values.length };
    case "first_nonzero_step": {
      const first = points.find((point) => point.value !== 0);
      return first === undefined ? { reason: "never nonzero" } : { value: first.step };
    }
    case "p50":
    case "p80":
    case "p90":
    case "p95":
    case "p99":
      return { value: nearestRankPercentile(values, PERCENTILES[stat] as number) };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
