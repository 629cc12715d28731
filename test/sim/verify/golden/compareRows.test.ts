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

  it("reports the first divergence by step then key, and the assert_allclose summary over the rows compared", () => {
    const expected = rows({ a: 1, b: 2 }, { a: 3.5, b: 10 }, { a: 5, b: 0 });
    const actual = rows({ a: 1, b: 2 }, { a: 4, b: 11 }, { a: 8, b: 0 });
    const mismatch = mismatchOf(expected, actual);
    expect(mismatch.firstDifference).toEqual({ step: 2, key: "a", expected: 3.5, actual: 4 });
    // The row holding the first difference is compared whole; step 3 is not compared.
    expect(mismatch.mismatchedValues).toBe(2);
    expect(mismatch.totalValues).toBe(4);
    expect(mismatch.stepsCompared).toEqual([1, 2]);
    expect(mismatch.maxAbsDiff).toEqual({ value: 1, step: 2, key: "b" });
    expect(mismatch.maxRelDiff).toEqual({ value: 0.5 / 3.5, step: 2, key: "a" });
    expect(mismatch.stepCount).toBeUndefined();
    expect(formatGoldenMismatch(mismatch)).toEqual([
      "First difference at step 2 key a: expected 3.5, actual 4",
      "Mismatched values: 2 / 4 (50%) over steps 1..2 (the comparison stops at the first row that differs)",
      "Max absolute difference: 1 at step 2 key b",
      `Max relative difference: ${0.5 / 3.5} at step 2 key a`,
    ]);
  });

  it("reads no golden row past the one holding the first difference", () => {
    const read: number[] = [];
    function* golden(): Generator<MetricsRow> {
      for (const row of rows({ a: 1 }, { a: 2 }, { a: 3 })) {
        read.push(row.step);
        yield row;
      }
      throw new Error("read past the first difference");
    }
    const mismatch = compareRows(golden(), rows({ a: 1 }, { a: 5 }, { a: 3 }, { a: 4 }), EXACT);
    expect(mismatch).toMatchObject({ kind: "mismatch", firstDifference: { step: 2, key: "a", expected: 2, actual: 5 } });
    expect(read).toEqual([1, 2]);
  });

  it("closes the golden rows' reader at the first difference and at the end", () => {
    const closed: string[] = [];
    function* golden(name: string, count: number): Generator<MetricsRow> {
      try {
        yield* rows(...Array.from({ length: count }, () => ({ a: 1 })));
      } finally {
        closed.push(name);
      }
    }
    compareRows(golden("differs", 3), rows({ a: 1 }, { a: 2 }, { a: 1 }), EXACT);
    compareRows(golden("matches", 2), rows({ a: 1 }, { a: 1 }), EXACT);
    expect(closed).toEqual(["differs", "matches"]);
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
      "Mismatched values: 0 / 3 (0%) over steps 1..2 (the comparison stops at the first row that differs)",
      "Max absolute difference: 0 at step 1 key a",
      "Max relative difference: 0 at step 1 key a",
      "Keys missing from the run: b",
      "Keys not in the golden file: c",
    ]);
  });

  it("reports a step-count mismatch at the first row only one side has", () => {
    const shorter = mismatchOf(rows({ a: 1 }, { a: 2 }, { a: 3 }), rows({ a: 1 }, { a: 2 }));
    expect(shorter.firstDifference).toEqual({ step: 3 });
    // The golden file goes on: it is not read past the row the run lacks.
    expect(shorter.stepCount).toEqual({ expected: 3, expectedAtLeast: true, actual: 2 });
    expect(formatGoldenMismatch(shorter)[0]).toBe("First difference at step 3: the golden file has the row, the run does not");
    expect(formatGoldenMismatch(shorter).at(-1)).toBe("Step count: expected at least 3, actual 2");
    const longer = mismatchOf(rows({ a: 1 }), rows({ a: 1 }, { a: 2 }, { a: 3 }));
    expect(formatGoldenMismatch(longer)[0]).toBe("First difference at step 2: the run has the row, the golden file does not");
    expect(longer.stepCount).toEqual({ expected: 1, actual: 3 });
    expect(formatGoldenMismatch(longer).at(-1)).toBe("Step count: expected 1, actual 3");
  });

  it("rounds percentages to three decimals", () => {
    expect(formatPercent(1, 3)).toBe("33.333%");
    expect(formatPercent(2, 3)).toBe("66.667%");
    expect(formatPercent(0, 0)).toBe("0%");
  });
});
