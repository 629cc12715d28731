import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Expectation } from "../../input/scenario/scenario.ts";
import { compareOp } from "./compareOp.ts";
import { computeStat } from "./computeStat.ts";
import type { ExpectationResult } from "./expectationResult.ts";
import { metricSeries } from "./metricSeries.ts";

/**
 * Evaluates one expectation over a run's rows: the metric's series over the window,
 * its statistic, then `statistic op value`. A metric with no value in the window, or a
 * first_nonzero_step with nothing non-zero, fails with a reason instead of a value.
 */
export function evaluateExpectation(expectation: Expectation, rows: readonly MetricsRow[]): ExpectationResult {
  const series = metricSeries(rows, expectation);
  const detail = { window: series.window, stepsWithValue: series.points.length };
  if (series.neverEmitted !== undefined || series.points.length === 0) {
    const missing = series.neverEmitted ?? `${expectation.metric} together with ${expectation.minus ?? ""} at one step`;
    return { expectation, passed: false, actual: undefined, reason: "never emitted", detail: { ...detail, missing } };
  }
  const stat = computeStat(expectation.stat, series.points);
  if ("reason" in stat) return { expectation, passed: false, actual: undefined, reason: stat.reason, detail };
  return { expectation, passed: compareOp(stat.value, expectation.op, expectation.value), actual: stat.value, detail };
}
