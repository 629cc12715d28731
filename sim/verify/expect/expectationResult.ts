import type { Expectation } from "../../input/scenario/scenario.ts";

/** Why an expectation has no actual value to compare. */
export type NoValueReason =
  /** The metric (or `minus`) has no value at any step of the window. */
  | "never emitted"
  /** `first_nonzero_step`, and every value in the window is 0. */
  | "never nonzero";

/**
 * One expectation evaluated over a run's rows, as data. `actual` is the statistic when
 * there is one; without it the expectation fails and `reason` says why, so nothing
 * ever passes vacuously.
 */
export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  readonly actual: number | undefined;
  readonly reason?: NoValueReason;
  readonly detail: ExpectationDetail;
}

export interface ExpectationDetail {
  /** The inclusive window the statistic was taken over. */
  readonly window: readonly [number, number];
  /** Steps in the window where the (combined, differenced) metric had a value. */
  readonly stepsWithValue: number;
  /** The key or pattern that had no value at any step, when `reason` is "never emitted". */
  readonly missing?: string;
}
