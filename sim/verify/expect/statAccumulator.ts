import type { ExpectationStat } from "../../input/scenario/scenario.ts";
import type { NoValueReason } from "./expectationResult.ts";
import type { SeriesPoint } from "./metricSeries.ts";
import { nearestRankPercentile } from "./percentile.ts";

export type StatValue = { readonly value: number } | { readonly reason: NoValueReason };

const PERCENTILES: Readonly<Partial<Record<ExpectationStat, number>>> = { p50: 50, p80: 80, p90: 90, p95: 95, p99: 99 };

/** Values kept for a percentile before the first growth; the store doubles as needed. */
const INITIAL_VALUES = 1024;

/**
 * One statistic over a series, taken a point at a time: a check of a run at the step
 * limit keeps no row, only what its statistic needs. Counts and fractions are over the
 * points added (the steps that have a value). Each statistic is the fold its definition
 * names, in step order (a sum adds from 0, a max is Math.max from the first value), so
 * the result is the one the whole series gives. A percentile alone needs every value (the
 * nearest rank is one of them): it keeps them in a Float64Array, 8 bytes a step, 8 MB at
 * the step limit, not a row's worth each.
 */
export class StatAccumulator {
  private count = 0;
  private sum = 0;
  private max = -Infinity;
  private min = Infinity;
  private last = 0;
  private nonzero = 0;
  private firstNonzeroStep: number | undefined;
  private values: Float64Array | undefined;

  constructor(private readonly stat: ExpectationStat) {
    if (PERCENTILES[stat] !== undefined) this.values = new Float64Array(INITIAL_VALUES);
  }

  /** The number of points added. */
  get points(): number {
    return this.count;
  }

  add(point: SeriesPoint): void {
    const { value } = point;
    this.max = this.count === 0 ? value : Math.max(this.max, value);
    this.min = this.count === 0 ? value : Math.min(this.min, value);
    this.sum += value;
    this.last = value;
    if (value !== 0) {
      this.nonzero++;
      this.firstNonzeroStep ??= point.step;
    }
    if (this.values !== undefined) {
      if (this.count === this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.count] = value;
    }
    this.count++;
  }

  /** The statistic over the points added; at least one must have been (the caller fails an empty series as "never emitted"). */
  value(): StatValue {
    switch (this.stat) {
      case "max":
        return { value: this.max };
      case "min":
        return { value: this.min };
      case "sum":
        return { value: this.sum };
      case "mean":
        return { value: this.sum / this.count };
      case "last":
        return { value: this.last };
      case "count_nonzero":
        return { value: this.nonzero };
      case "fraction_nonzero":
        return { value: this.nonzero / this.count };
      case "first_nonzero_step":
        return this.firstNonzeroStep === undefined ? { reason: "never nonzero" } : { value: this.firstNonzeroStep };
      case "p50":
      case "p80":
      case "p90":
      case "p95":
      case "p99":
        return { value: nearestRankPercentile((this.values as Float64Array).subarray(0, this.count), PERCENTILES[this.stat] as number) };
    }
  }
}
