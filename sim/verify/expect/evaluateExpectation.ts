import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Expectation } from "../../input/scenario/scenario.ts";
import { compareOp } from "./compareOp.ts";
import type { ExpectationResult } from "./expectationResult.ts";
import { SeriesReader } from "./metricSeries.ts";
import { StatAccumulator } from "./statAccumulator.ts";

/**
 * Evaluates one expectation over a run's rows as they come, one at a time: the metric's
 * series over the window (SeriesReader), its statistic (StatAccumulator), then
 * `statistic op value`. A metric with no value in the window, or a first_nonzero_step
 * with nothing non-zero, fails with a reason instead of a value. No row is kept, so a
 * check reads a run at the step limit in memory flat in its length.
 */
export class ExpectationEvaluator {
  private readonly series: SeriesReader;
  private readonly stat: StatAccumulator;

  constructor(private readonly expectation: Expectation) {
    this.series = new SeriesReader(expectation);
    this.stat = new StatAccumulator(expectation.stat);
  }

  push(row: MetricsRow): void {
    const point = this.series.pointOf(row);
    if (point !== undefined) this.stat.add(point);
  }

  result(): ExpectationResult {
    const { expectation } = this;
    const series = this.series.end();
    const detail = { window: series.window, stepsWithValue: this.stat.points };
    if (series.neverEmitted !== undefined || this.stat.points === 0) {
      const missing = series.neverEmitted ?? `${expectation.metric} together with ${expectation.minus ?? ""} at one step`;
      return { expectation, passed: false, actual: undefined, reason: "never emitted", detail: { ...detail, missing } };
    }
    const stat = this.stat.value();
    if ("reason" in stat) return { expectation, passed: false, actual: undefined, reason: stat.reason, detail };
    return { expectation, passed: compareOp(stat.value, expectation.op, expectation.value), actual: stat.value, detail };
  }
}

/** One expectation over rows in step order (an array, or a run as it is made). */
export function evaluateExpectation(expectation: Expectation, rows: Iterable<MetricsRow>): ExpectationResult {
  return evaluateExpectations([expectation], rows)[0] as ExpectationResult;
}

/** Several expectations over the same rows, in one pass over them (a run at the step limit is made once, not once per expectation). */
export function evaluateExpectations(expectations: readonly Expectation[], rows: Iterable<MetricsRow>): ExpectationResult[] {
  const evaluators = expectations.map((expectation) => new ExpectationEvaluator(expectation));
  for (const row of rows) for (const evaluator of evaluators) evaluator.push(row);
  return evaluators.map((evaluator) => evaluator.result());
}
