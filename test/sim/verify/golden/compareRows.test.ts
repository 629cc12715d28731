import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { compareRows } from "../../../../sim/verify/golden/compareRows.ts";
import { formatGoldenMismatch, formatPercent } from "../../../../sim/verify/golden/formatGoldenComparison.ts";
import type { GoldenMismatch } from "../../../../sim/verify/golden/goldenComparison.ts";
import { toleranceFor, withinTolerance } from "../../../../sim/verify/golden/toleranceFor.ts";
import type { GoldenTolerances } from "../../../../sim/input/scenario/scenario.ts";

const EXACT: GoldenTolerances = { rel: 0, abs: 0, rules: [] };
const rows = (...values: Record<string, number>[]): MetricsRow[] => values.map((v, i) => ({ step: i + 1, ...v }) as MetricsRow);

function mismatchOf(expected: MetricsRow[], actual: MetricsRow[], tolerances = EXACT): GoldenMismatch {
  const result = compareRows(expected, actual, tolerances);
  if (result.kind !== "mismatch") throw new Error("expected a mismatch");
  return result;
}

describe("compareRows", () => {
  it("matches equal rows exactly and counts the values", () => {
    expect(compareRows(rows({ a: 1, b: 2 }, { a: 3, b: 4 }), rows({ a: 1, b: 2 }, { a: 3, b: 4 }), EXACT)).toEqual({ kind: "match", totalValues: 4 });
  });

  it("reports the first divergence by step then key, and the assert_allclose summary", () => {
    const expected = rows({ a: 1, b: 2 }, { a: 4, b: 10 }, { a: 5, b: 0 });
    const actual = rows({ a: 1, b: 2 }, { a: 4, b: 11 }, { a: 8, b: 0 });
    const mismatch = mismatchOf(expected, actual);
    expect(mismatch.firstDifference).toEqual({ step: 2, key: "b", expected: 10, actual: 11 });
    expect(mismatch.mismatchedValues).toBe(2);
    expect(mismatch.totalValues).toBe(6);
    expect(mismatch.maxAbsDiff).toEqual({ value: 3, step: 3, key: "a" });
    expect(mismatch.maxRelDiff).toEqual({ value: 0.6, step: 3, key: "a" });
    expect(formatGoldenMismatch(mismatch)).toEqual([
      "First difference at step 2 key b: expected 10, actual 11",
      "Mismatched values: 2 / 6 (33.333%)",
      "Max absolute difference: 3 at step 3 key a",
      "Max relative difference: 0.6 at step 3 key a",
    ]);
  });

  it("gives an infinite relative difference where the golden value is 0", () => {
    expect(mismatchOf(rows({ a: 0 }), rows({ a: 2 })).maxRelDiff).toEqual({ value: Infinity, step: 1, key: "a" });
  });

  it("passes on the tolerance boundary and fails just past it", () => {
    const tolerances: GoldenTolerances = { rel: 0, abs: 0.5, rules: [] };
    expect(compareRows(rows({ a: 2 }), rows({ a: 2.5 }), tolerances).kind).toBe("match");
    expect(compareRows(rows({ a: 2 }), rows({ a: 2.5000001 }), tolerances).kind).toBe("mismatch");
    const relative: GoldenTolerances = { rel: 0.25, abs: 0, rules: [] };
    expect(compareRows(rows({ a: -4 }), rows({ a: -3 }), relative).kind).toBe("match");
    expect(compareRows(rows({ a: -4 }), rows({ a: -2.9 }), relative).kind).toBe("mismatch");
  });

  it("applies the first matching tolerance rule, else the default", () => {
    const tolerances: GoldenTolerances = {
      rel: 0,
      abs: 0,
      rules: [
        { match: "mix/*_fraction", rel: 0.1, abs: 0 },
        { match: "mix/*", rel: 0, abs: 1 },
      ],
    };
    expect(toleranceFor("mix/x/y_fraction", tolerances)).toEqual({ rel: 0.1, abs: 0 });
    expect(toleranceFor("mix/count", tolerances)).toEqual({ rel: 0, abs: 1 });
    expect(toleranceFor("ledger/count", tolerances)).toEqual({ rel: 0, abs: 0 });
    expect(toleranceFor("premix/count", tolerances)).toEqual({ rel: 0, abs: 0 });
    expect(compareRows(rows({ "mix/count": 10, "ledger/count": 5 }), rows({ "mix/count": 11, "ledger/count": 5 }), tolerances).kind).toBe("match");
    expect(mismatchOf(rows({ "mix/count": 10, "ledger/count": 5 }), rows({ "mix/count": 10, "ledger/count": 6 }), tolerances).firstDifference.key).toBe("ledger/count");
  });

  it("treats 0 and -0 as equal and withinTolerance as |a - e| <= abs + rel * |e|", () => {
    expect(withinTolerance(-0, 0, { rel: 0, abs: 0 })).toBe(true);
    expect(withinTolerance(110, 100, { rel: 0.05, abs: 5 })).toBe(true);
    expect(withinTolerance(110.01, 100, { rel: 0.05, abs: 5 })).toBe(false);
  });

  it("reports missing and extra keys", () => {
    const mismatch = mismatchOf(rows({ a: 1, b: 2 }, { a: 1, b: 2 }), rows({ a: 1, b: 2 }, { a: 1, c: 3 }));
    expect(mismatch.firstDifference).toEqual({ step: 2, key: "b", expected: 2, actual: undefined });
    expect(mismatch.missingKeys).toEqual(["b"]);
    expect(mismatch.extraKeys).toEqual(["c"]);
    expect(mismatch.mismatchedValues).toBe(0);
    expect(mismatch.totalValues).toBe(3);
    expect(formatGoldenMismatch(mismatch)).toEqual([
      "First difference at step 2 key b: expected 2, actual (missing)",
      "Mismatched values: 0 / 3 (0%)",
      "Max absolute difference: 0 at step 1 key a",
      "Max relative difference: 0 at step 1 key a",
      "Keys missing from the run: b",
      "Keys not in the golden file: c",
    ]);
  });

  it("reports a step-count mismatch at the first row only one side has", () => {
    const shorter = mismatchOf(rows({ a: 1 }, { a: 2 }, { a: 3 }), rows({ a: 1 }, { a: 2 }));
    expect(shorter.firstDifference).toEqual({ step: 3 });
    expect(shorter.stepCount).toEqual({ expected: 3, actual: 2 });
    expect(formatGoldenMismatch(shorter)[0]).toBe("First difference at step 3: the golden file has the row, the run does not");
    expect(formatGoldenMismatch(shorter).at(-1)).toBe("Step count: expected 3, actual 2");
    const longer = mismatchOf(rows({ a: 1 }), rows({ a: 1 }, { a: 2 }));
    expect(formatGoldenMismatch(longer)[0]).toBe("First difference at step 2: the run has the row, the golden file does not");
  });

  it("rounds percentages to three decimals", () => {
    expect(formatPercent(1, 3)).toBe("33.333%");
    expect(formatPercent(2, 3)).toBe("66.667%");
    expect(formatPercent(0, 0)).toBe("0%");
  });
});
