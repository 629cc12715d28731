/**
 * The result of comparing a run's rows with its golden rows, as data; the formatter
 * (formatGoldenComparison.ts) renders it and the command decides the exit code.
 */
export type GoldenComparison = GoldenMatch | GoldenMismatch;

export interface GoldenMatch {
  readonly kind: "match";
  readonly totalValues: number;
}

/**
 * Where the first difference is, in step order and then key order (the comparison stops
 * at the row that holds it: compareRows.ts). `key` is absent
 * when a whole row is missing or extra; `expected` or `actual` is absent when that side
 * has no value there.
 */
export interface FirstDifference {
  readonly step: number;
  readonly key?: string;
  readonly expected?: number;
  readonly actual?: number;
}

/** A largest difference and the first place it occurs. */
export interface LargestDifference {
  readonly value: number;
  readonly step: number;
  readonly key: string;
}

/**
 * A mismatch, summed up over the rows compared: from the first row to the one holding the
 * first difference (the rest of the golden file is not read).
 */
export interface GoldenMismatch {
  readonly kind: "mismatch";
  readonly firstDifference: FirstDifference;
  /** Values present on both sides that differ by more than their tolerance. */
  readonly mismatchedValues: number;
  /** Values present on both sides, over the rows compared. */
  readonly totalValues: number;
  /** The first and last step of the rows compared; absent when the first row is one only one side has. */
  readonly stepsCompared?: readonly [number, number];
  /** Over every value present on both sides; absent when there is none. */
  readonly maxAbsDiff?: LargestDifference;
  /** |actual - expected| / |expected|; Infinity where expected is 0 and actual is not. */
  readonly maxRelDiff?: LargestDifference;
  /** Keys the golden file has and the run does not, in the rows compared (sorted). */
  readonly missingKeys: readonly string[];
  /** Keys the run has and the golden file does not, in the rows compared (sorted). */
  readonly extraKeys: readonly string[];
  /** When the first difference is a row only one side has: the rows each side has. */
  readonly stepCount?: StepCount;
}

export interface StepCount {
  readonly expected: number;
  /** The golden file goes on past the run's last row and was not read further: it has at least `expected` rows. */
  readonly expectedAtLeast?: true;
  readonly actual: number;
}
