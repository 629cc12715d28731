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
 * Where the first difference is, in step order and then key order. `key` is absent
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

export interface GoldenMismatch {
  readonly kind: "mismatch";
  readonly firstDifference: FirstDifference;
  /** Values present on both sides that differ by more than their tolerance. */
  readonly mismatchedValues: number;
  /** Values present on both sides, over the steps both sides have. */
  readonly totalValues: number;
  /** Over every value present on both sides; absent when there is none. */
  readonly maxAbsDiff?: LargestDifference;
  /** |actual - expected| / |expected|; Infinity where expected is 0 and actual is not. */
  readonly maxRelDiff?: LargestDifference;
  /** Keys the golden file has and the run does not, at one step or more (sorted). */
  readonly missingKeys: readonly string[];
  /** Keys the run has and the golden file does not, at one step or more (sorted). */
  readonly extraKeys: readonly string[];
  readonly stepCount: { readonly expected: number; readonly actual: number };
}
