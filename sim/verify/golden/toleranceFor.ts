import type { GoldenTolerances } from "../../input/scenario/scenario.ts";
import { matchesKeyPattern } from "../../format/keyPattern.ts";

export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

/** The tolerance of one key: the first `[[golden.tolerance]]` rule that matches it, else the scenario's default. */
export function toleranceFor(key: string, tolerances: GoldenTolerances): Tolerance {
  for (const rule of tolerances.rules) {
    if (matchesKeyPattern(rule.match, key)) return { rel: rule.rel, abs: rule.abs };
  }
  return { rel: tolerances.rel, abs: tolerances.abs };
}

/**
 * The assert_allclose rule: |actual - expected| <= abs + rel * |expected|. With both
 * tolerances at zero this is exact equality (and 0 equals -0).
 */
export function withinTolerance(actual: number, expected: number, tolerance: Tolerance): boolean {
  return Math.abs(actual - expected) <= tolerance.abs + tolerance.rel * Math.abs(expected);
}
