import type { GoldenMismatch } from "./goldenComparison.ts";

/**
 * Renders a golden mismatch in the manner of numpy's assert_allclose, first difference
 * first: the lines are meant to be read top-down, the first one usually being enough.
 * Numbers print in their shortest round-trip form (String(n)).
 */
export function formatGoldenMismatch(mismatch: GoldenMismatch): string[] {
  const lines: string[] = [formatFirstDifference(mismatch)];
  const { mismatchedValues, totalValues, maxAbsDiff, maxRelDiff, missingKeys, extraKeys, stepCount } = mismatch;
  const over = mismatch.stepsCompared === undefined ? "" : ` over steps ${mismatch.stepsCompared[0]}..${mismatch.stepsCompared[1]} (the comparison stops at the first row that differs)`;
  lines.push(`Mismatched values: ${mismatchedValues} / ${totalValues} (${formatPercent(mismatchedValues, totalValues)})${over}`);
  if (maxAbsDiff !== undefined) lines.push(`Max absolute difference: ${maxAbsDiff.value} at step ${maxAbsDiff.step} key ${maxAbsDiff.key}`);
  if (maxRelDiff !== undefined) lines.push(`Max relative difference: ${maxRelDiff.value} at step ${maxRelDiff.step} key ${maxRelDiff.key}`);
  if (missingKeys.length > 0) lines.push(`Keys missing from the run: ${missingKeys.join(", ")}`);
  if (extraKeys.length > 0) lines.push(`Keys not in the golden file: ${extraKeys.join(", ")}`);
  if (stepCount !== undefined) lines.push(`Step count: expected ${stepCount.expectedAtLeast ? "at least " : ""}${stepCount.expected}, actual ${stepCount.actual}`);
  return lines;
}

function formatFirstDifference(mismatch: GoldenMismatch): string {
  const { step, key, expected, actual } = mismatch.firstDifference;
  if (key === undefined) {
    const rows = mismatch.stepCount !== undefined && mismatch.stepCount.expected > mismatch.stepCount.actual ? "the golden file has the row, the run does not" : "the run has the row, the golden file does not";
    return `First difference at step ${step}: ${rows}`;
  }
  return `First difference at step ${step} key ${key}: expected ${formatValue(expected)}, actual ${formatValue(actual)}`;
}

function formatValue(value: number | undefined): string {
  return value === undefined ? "(missing)" : String(value);
}

/** A share as a percentage rounded to three decimals, so 1 of 3 prints as 33.333%. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  return `${Math.round((part / whole) * 100_000) / 1000}%`;
}
