import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { GoldenTolerances } from "../../input/scenario/scenario.ts";
import type { FirstDifference, GoldenComparison, LargestDifference } from "./goldenComparison.ts";
import { toleranceFor, withinTolerance } from "./toleranceFor.ts";

/**
 * Compares a run's rows (`actual`) with the golden rows (`expected`) row by row, keys in
 * sorted order, each value within its tolerance. Rows are matched by position; both
 * sides hold the same steps (every step from 1, or those of the scenario's
 * metrics_every), which the rows reader checks for the golden side.
 */
export function compareRows(
  expected: readonly MetricsRow[],
  actual: readonly MetricsRow[],
  tolerances: GoldenTolerances,
): GoldenComparison {
  let firstDifference: FirstDifference | undefined;
  let totalValues = 0;
  let mismatchedValues = 0;
  let maxAbsDiff: LargestDifference | undefined;
  let maxRelDiff: LargestDifference | undefined;
  const missingKeys = new Set<string>();
  const extraKeys = new Set<string>();
  const commonSteps = Math.min(expected.length, actual.length);

  for (let index = 0; index < commonSteps; index++) {
    const expectedRow = expected[index] as MetricsRow;
    const actualRow = actual[index] as MetricsRow;
    const step = expectedRow.step;
    const keys = new Set([...Object.keys(expectedRow), ...Object.keys(actualRow)]);
    keys.delete("step");
    for (const key of [...keys].sort()) {
      const expectedValue = expectedRow[key];
      const actualValue = actualRow[key];
      if (expectedValue === undefined || actualValue === undefined) {
        (expectedValue === undefined ? extraKeys : missingKeys).add(key);
        firstDifference ??= { step, key, expected: expectedValue, actual: actualValue };
        continue;
      }
      totalValues++;
      const absDiff = Math.abs(actualValue - expectedValue);
      const relDiff = absDiff === 0 ? 0 : absDiff / Math.abs(expectedValue);
      if (maxAbsDiff === undefined || absDiff > maxAbsDiff.value) maxAbsDiff = { value: absDiff, step, key };
      if (maxRelDiff === undefined || relDiff > maxRelDiff.value) maxRelDiff = { value: relDiff, step, key };
      if (!withinTolerance(actualValue, expectedValue, toleranceFor(key, tolerances))) {
        mismatchedValues++;
        firstDifference ??= { step, key, expected: expectedValue, actual: actualValue };
      }
    }
  }
  // With every common row equal, the first difference is the first row only one side has.
  if (firstDifference === undefined && expected.length !== actual.length) firstDifference = { step: (expected[commonSteps] ?? (actual[commonSteps] as MetricsRow)).step };

  if (firstDifference === undefined) return { kind: "match", totalValues };
  return {
    kind: "mismatch",
    firstDifference,
    mismatchedValues,
    totalValues,
    ...(maxAbsDiff === undefined ? {} : { maxAbsDiff }),
    ...(maxRelDiff === undefined ? {} : { maxRelDiff }),
    missingKeys: [...missingKeys].sort(),
    extraKeys: [...extraKeys].sort(),
    stepCount: { expected: expected.length, actual: actual.length },
  };
}
