import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { GoldenTolerances } from "../../input/scenario/scenario.ts";
import type { FirstDifference, GoldenComparison, LargestDifference } from "./goldenComparison.ts";
import { type Tolerance, toleranceFor, withinTolerance } from "./toleranceFor.ts";

/**
 * Holds a run's rows (`actual`), pushed one at a time as the run makes them, against the
 * golden rows (`expected`), pulled one at a time from their reader: row by row, keys in
 * sorted order, each value within its tolerance. Rows are matched by position; both
 * sides hold the same steps (every step from 1, or those of the scenario's
 * metrics_every), which the rows reader checks for the golden side.
 *
 * The comparison stops at the first row that differs: that row is compared whole (so
 * every key it is missing or has too many is named), and nothing more of the golden
 * file is read, so a run at the step limit that diverges at step 10 costs ten rows of
 * the golden file, not 640 MB of it, and memory holds one row of each side. The
 * summary's counts are over the rows compared. The run's rows still count after that,
 * for the step count when one side ends first.
 */
export class RowComparison {
  private readonly expected: Iterator<MetricsRow, void, undefined>;
  private firstDifference: FirstDifference | undefined;
  private totalValues = 0;
  private mismatchedValues = 0;
  private maxAbsDiff: LargestDifference | undefined;
  private maxRelDiff: LargestDifference | undefined;
  private readonly missingKeys = new Set<string>();
  private readonly extraKeys = new Set<string>();
  private firstStepCompared: number | undefined;
  private lastStepCompared: number | undefined;
  private expectedCount = 0;
  private actualCount = 0;
  /** The golden file ended (its reader said so) before the comparison stopped. */
  private expectedEnded = false;
  private closed = false;
  /**
   * The key lists of the last two rows compared, the sorted union of their keys (but
   * `step`) and each key's tolerance: the rows of a file or a run have the same keys
   * row after row, so the union, its order and the tolerances are worked out when the
   * keys change, not once a row: an 80,000-row comparison took 110 ms of CPU with them
   * worked out for each row and takes 35 ms (warm; 135 and 80 ms cold).
   */
  private lastExpectedKeys: readonly string[] = [];
  private lastActualKeys: readonly string[] = [];
  private keys: readonly string[] = [];
  private keyTolerances: readonly Tolerance[] = [];

  constructor(
    expected: Iterable<MetricsRow>,
    private readonly tolerances: GoldenTolerances,
  ) {
    this.expected = expected[Symbol.iterator]();
  }

  /** Compares the run's next row with the golden file's next, until the first difference. */
  push(actualRow: MetricsRow): void {
    this.actualCount++;
    if (this.firstDifference !== undefined || this.expectedEnded) return;
    const next = this.expected.next();
    if (next.done === true) {
      // The golden file ends here: the run's row is the first only one side has.
      this.expectedEnded = true;
      this.firstDifference = { step: actualRow.step };
      this.close();
      return;
    }
    this.expectedCount++;
    this.compareRow(next.value, actualRow);
    if (this.firstDifference !== undefined) this.close();
  }

  /** The comparison, once the run has pushed its last row. Closes the golden file. */
  finish(): GoldenComparison {
    try {
      // Every row of the run agreed: the golden file must end here too.
      if (this.firstDifference === undefined && !this.expectedEnded) {
        const next = this.expected.next();
        if (next.done === true) this.expectedEnded = true;
        else {
          this.expectedCount++;
          this.firstDifference = { step: next.value.step };
        }
      }
    } finally {
      this.close();
    }
    if (this.firstDifference === undefined) return { kind: "match", totalValues: this.totalValues };
    const rowMissing = this.firstDifference.key === undefined;
    return {
      kind: "mismatch",
      firstDifference: this.firstDifference,
      mismatchedValues: this.mismatchedValues,
      totalValues: this.totalValues,
      ...(this.firstStepCompared !== undefined && this.lastStepCompared !== undefined ? { stepsCompared: [this.firstStepCompared, this.lastStepCompared] as const } : {}),
      ...(this.maxAbsDiff === undefined ? {} : { maxAbsDiff: this.maxAbsDiff }),
      ...(this.maxRelDiff === undefined ? {} : { maxRelDiff: this.maxRelDiff }),
      missingKeys: [...this.missingKeys].sort(),
      extraKeys: [...this.extraKeys].sort(),
      // Only a row one side lacks makes the step counts differ; the golden file's count is then exact only if it ended first.
      ...(rowMissing ? { stepCount: { expected: this.expectedCount, actual: this.actualCount, ...(this.expectedEnded ? {} : { expectedAtLeast: true }) } } : {}),
    };
  }

  /** Closes the golden file's reader (its file descriptor) without reading on: at the first difference, at the end, or when the check stops on an error. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.expected.return?.();
  }

  private compareRow(expectedRow: MetricsRow, actualRow: MetricsRow): void {
    const step = expectedRow.step;
    this.firstStepCompared ??= step;
    this.lastStepCompared = step;
    this.keysOf(expectedRow, actualRow);
    const { keys, keyTolerances } = this;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const expectedValue = expectedRow[key];
      const actualValue = actualRow[key];
      if (expectedValue === undefined || actualValue === undefined) {
        (expectedValue === undefined ? this.extraKeys : this.missingKeys).add(key);
        this.firstDifference ??= { step, key, expected: expectedValue, actual: actualValue };
        continue;
      }
      this.totalValues++;
      const absDiff = Math.abs(actualValue - expectedValue);
      const relDiff = absDiff === 0 ? 0 : absDiff / Math.abs(expectedValue);
      if (this.maxAbsDiff === undefined || absDiff > this.maxAbsDiff.value) this.maxAbsDiff = { value: absDiff, step, key };
      if (this.maxRelDiff === undefined || relDiff > this.maxRelDiff.value) this.maxRelDiff = { value: relDiff, step, key };
      if (!withinTolerance(actualValue, expectedValue, keyTolerances[i] as Tolerance)) {
        this.mismatchedValues++;
        this.firstDifference ??= { step, key, expected: expectedValue, actual: actualValue };
      }
    }
  }

  /** Sets `keys` and `keyTolerances` for two rows: those of the last two when their key lists are the same. */
  private keysOf(expectedRow: MetricsRow, actualRow: MetricsRow): void {
    const expectedKeys = Object.keys(expectedRow);
    const actualKeys = Object.keys(actualRow);
    if (sameKeys(expectedKeys, this.lastExpectedKeys) && sameKeys(actualKeys, this.lastActualKeys)) return;
    const union = new Set([...expectedKeys, ...actualKeys]);
    union.delete("step");
    this.keys = [...union].sort();
    this.keyTolerances = this.keys.map((key) => toleranceFor(key, this.tolerances));
    this.lastExpectedKeys = expectedKeys;
    this.lastActualKeys = actualKeys;
  }
}

/** Whether two key lists are the same, in the same order. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** RowComparison over two sequences of rows: every row of `actual` is pushed, `expected` is read up to the first difference. */
export function compareRows(expected: Iterable<MetricsRow>, actual: Iterable<MetricsRow>, tolerances: GoldenTolerances): GoldenComparison {
  const comparison = new RowComparison(expected, tolerances);
  try {
    for (const row of actual) comparison.push(row);
    return comparison.finish();
  } finally {
    comparison.close();
  }
}
