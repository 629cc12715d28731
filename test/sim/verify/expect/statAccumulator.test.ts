import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StatAccumulator } from "../../../../sim/verify/expect/statAccumulator.ts";
import { nearestRankPercentile } from "../../../../sim/verify/expect/percentile.ts";
import type { ExpectationStat } from "../../../../sim/input/scenario/scenario.ts";
import type { SeriesPoint } from "../../../../sim/verify/expect/metricSeries.ts";

const STATS: readonly ExpectationStat[] = ["max", "min", "sum", "mean", "last", "count_nonzero", "fraction_nonzero", "first_nonzero_step", "p50", "p80", "p90", "p95", "p99"];

/** Each statistic as docs/golden-and-expectations.md defines it, over the whole series held in an array: what the accumulator must equal. */
function overWholeSeries(stat: ExpectationStat, points: readonly SeriesPoint[]): number | undefined {
  const values = points.map((point) => point.value);
  const percentile = /^p(\d+)$/.exec(stat);
  if (percentile !== null) return nearestRankPercentile(values, Number(percentile[1]));
  switch (stat) {
    case "max":
      return values.reduce((a, b) => Math.max(a, b));
    case "min":
      return values.reduce((a, b) => Math.min(a, b));
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "mean":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "last":
      return values.at(-1);
    case "count_nonzero":
      return values.filter((v) => v !== 0).length;
    case "fraction_nonzero":
      return values.filter((v) => v !== 0).length / values.length;
    default:
      return points.find((point) => point.value !== 0)?.step;
  }
}

/** A series in step order: finite values (0 and -0 among them), possibly more than the percentile store's first size. */
const series = fc
  .array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, 2), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: 3000 })
  .map((values) => values.map((value, i) => ({ step: i + 1, value })));

describe("StatAccumulator", () => {
  it("gives every statistic the value the whole series gives, a point at a time", () => {
    fc.assert(
      fc.property(series, fc.constantFrom(...STATS), (points, stat) => {
        const accumulator = new StatAccumulator(stat);
        for (const point of points) accumulator.add(point);
        const whole = overWholeSeries(stat, points);
        const value = accumulator.value();
        expect(accumulator.points).toBe(points.length);
        if (whole === undefined) expect(value).toEqual({ reason: "never nonzero" });
        else expect(Object.is("value" in value ? value.value : NaN, whole)).toBe(true);
      }),
    );
  });

  it("names first_nonzero_step's absence as a reason", () => {
    const accumulator = new StatAccumulator("first_nonzero_step");
    accumulator.add({ step: 1, value: 0 });
    accumulator.add({ step: 2, value: -0 });
    expect(accumulator.value()).toEqual({ reason: "never nonzero" });
  });
});
