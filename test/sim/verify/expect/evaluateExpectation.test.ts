import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { evaluateExpectation } from "../../../../sim/verify/expect/evaluateExpectation.ts";
import { formatExpectationResult } from "../../../../sim/verify/expect/formatExpectationResult.ts";
import { nearestRankPercentile } from "../../../../sim/verify/expect/percentile.ts";
import type { Expectation, ExpectationOp, ExpectationStat } from "../../../../sim/input/scenario/scenario.ts";

const rows = (...values: Record<string, number>[]): MetricsRow[] => values.map((v, i) => ({ step: i + 1, ...v }) as MetricsRow);

function expectation(fields: Partial<Expectation>): Expectation {
  return { name: "e", metric: "m", stat: "max", op: ">=", value: -Infinity, signature: false, ...fields };
}

/** m over six steps: 0, 3, 0, 5, 1, 2 (and absent at step 7). */
const SERIES = rows({ m: 0 }, { m: 3 }, { m: 0 }, { m: 5 }, { m: 1 }, { m: 2 }, {});

function statOf(stat: ExpectationStat, input = SERIES, extra: Partial<Expectation> = {}): number | undefined {
  return evaluateExpectation(expectation({ stat, ...extra }), input).actual;
}

describe("evaluateExpectation stats", () => {
  it("computes each statistic over the steps with a value", () => {
    expect(statOf("max")).toBe(5);
    expect(statOf("min")).toBe(0);
    expect(statOf("sum")).toBe(11);
    expect(statOf("mean")).toBe(11 / 6);
    expect(statOf("last")).toBe(2);
    expect(statOf("count_nonzero")).toBe(4);
    expect(statOf("fraction_nonzero")).toBe(4 / 6);
    expect(statOf("first_nonzero_step")).toBe(2);
  });

  it("takes nearest-rank percentiles", () => {
    // Sorted: 0 0 1 2 3 5; rank ceil(p/100 * 6).
    expect(statOf("p50")).toBe(1);
    expect(statOf("p80")).toBe(3);
    expect(statOf("p90")).toBe(5);
    expect(statOf("p95")).toBe(5);
    expect(statOf("p99")).toBe(5);
    expect(nearestRankPercentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(nearestRankPercentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 91)).toBe(100);
    expect(nearestRankPercentile([7], 50)).toBe(7);
  });

  it("fails first_nonzero_step with a reason when every value is 0", () => {
    const result = evaluateExpectation(expectation({ stat: "first_nonzero_step", op: "<=", value: 20 }), rows({ m: 0 }, { m: 0 }));
    expect(result).toMatchObject({ passed: false, actual: undefined, reason: "never nonzero" });
    expect(formatExpectationResult(result)).toBe("first_nonzero_step of m over steps 1..2 (2 steps): no non-zero value in the window, expected <= 20");
  });
});

describe("evaluateExpectation ops", () => {
  const cases: [ExpectationOp, number, boolean][] = [
    ["==", 5, true],
    ["==", 4, false],
    ["!=", 4, true],
    ["!=", 5, false],
    ["<", 6, true],
    ["<", 5, false],
    ["<=", 5, true],
    ["<=", 4, false],
    [">", 4, true],
    [">", 5, false],
    [">=", 5, true],
    [">=", 6, false],
  ];
  it.each(cases)("max 5 %s %d is %s", (op, value, passed) => {
    expect(evaluateExpectation(expectation({ op, value }), SERIES).passed).toBe(passed);
  });
});

describe("evaluateExpectation metrics", () => {
  const MODALITIES = rows({ "mods/rna": 3, "mods/atac": 1, other: 100 }, { "mods/rna": 2, "mods/atac": 2, other: 100 }, { "mods/rna": 4, other: 100 }, { other: 100 });

  it("combines pattern keys present at each step", () => {
    const over = (combine: Expectation["combine"], stat: ExpectationStat) => statOf(stat, MODALITIES, { metric: "mods/*", combine });
    expect(over("sum", "sum")).toBe(3 + 1 + 2 + 2 + 4);
    expect(over("max", "min")).toBe(2);
    expect(over("min", "max")).toBe(4);
    // Spread per step: 2, 0, 0 (one key); step 4 has no matching key and is skipped.
    expect(over("spread", "max")).toBe(2);
    expect(over("spread", "count_nonzero")).toBe(1);
    expect(evaluateExpectation(expectation({ metric: "mods/*", combine: "spread" }), MODALITIES).detail.stepsWithValue).toBe(3);
  });

  it("refuses a pattern without combine", () => {
    expect(() => evaluateExpectation(expectation({ metric: "mods/*" }), MODALITIES)).toThrow(/needs combine/);
  });

  it("subtracts minus per step, skipping steps where either side is missing", () => {
    const input = rows({ hi: 0.9, lo: 0.5 }, { hi: 0.8 }, { hi: 1, lo: 0.25 }, { lo: 0.1 });
    const result = evaluateExpectation(expectation({ metric: "hi", minus: "lo", stat: "max", op: "<", value: 0.5 }), input);
    expect(result.actual).toBe(0.75);
    expect(result.passed).toBe(false);
    expect(result.detail.stepsWithValue).toBe(2);
    expect(formatExpectationResult(result)).toBe("max of hi minus lo over steps 1..4 (2 steps) = 0.75, expected < 0.5");
  });

  it("restricts the statistic to the inclusive window", () => {
    expect(statOf("sum", SERIES, { steps: [2, 4] })).toBe(8);
    expect(statOf("first_nonzero_step", SERIES, { steps: [3, 6] })).toBe(4);
    expect(evaluateExpectation(expectation({ steps: [2, 4] }), SERIES).detail.window).toEqual([2, 4]);
  });

  it("fails a metric never emitted in the window instead of passing vacuously", () => {
    const result = evaluateExpectation(expectation({ metric: "absent", stat: "max", op: "<=", value: 0 }), SERIES);
    expect(result).toMatchObject({ passed: false, actual: undefined, reason: "never emitted", detail: { missing: "absent", stepsWithValue: 0 } });
    expect(formatExpectationResult(result)).toBe("max of absent over steps 1..7: absent never emitted in the window, expected <= 0");
    // Present elsewhere, absent in the window: still never emitted.
    expect(evaluateExpectation(expectation({ steps: [7, 7] }), SERIES).reason).toBe("never emitted");
    // A minus key that never appears names that key.
    expect(evaluateExpectation(expectation({ minus: "nope" }), SERIES).detail.missing).toBe("nope");
    // Both present, never at the same step.
    expect(evaluateExpectation(expectation({ metric: "hi", minus: "lo" }), rows({ hi: 1 }, { lo: 1 })).reason).toBe("never emitted");
  });
});
