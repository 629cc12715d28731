import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inProcessCollectives } from "../../../src/distributed/collectives.ts";
import { MaxKeyNames, PackedLossReduction, reduceLossMetrics, reducePackedLossMetrics } from "../../../src/distributed/reduceLossMetrics.ts";
import { UserError } from "../../../src/errors.ts";

const ranks = (w: number, f: (rank: number) => Record<string, number>) => Array.from({ length: w }, (_, rank) => f(rank));

describe("reduceLossMetrics", () => {
  it("SUM mode round-trips {foo: rank+1} at W=4 to foo = 10 and foo_max = 4 (P6: test_reduce_loss_metrics_sum_mode_roundtrip)", () => {
    expect(
      reduceLossMetrics(
        ranks(4, (rank) => ({ foo: rank + 1 })),
        { sumKeys: new Set(["foo"]) },
      ),
    ).toEqual({ foo: 10, foo_max: 4 });
  });

  it("default mode gives the mean and a _max sibling", () => {
    expect(reduceLossMetrics(ranks(4, (rank) => ({ loss: [1, 2, 3, 10][rank] as number })))).toEqual({ loss: 4, loss_max: 10 });
  });

  it("count-weighted mode gives the count-weighted mean and no _max, and leaves the key out when nothing was counted", () => {
    const out = reduceLossMetrics(
      ranks(2, (rank) => ({ ratio: rank === 0 ? 0.5 : 1, loss: rank })),
      {
        auxiliaryCounts: [{ ratio: 3 }, { ratio: 1 }],
      },
    );
    expect(out).toEqual({ ratio: 0.625, loss: 0.5, loss_max: 1 });
    expect(
      reduceLossMetrics(
        ranks(2, () => ({ ratio: 0.5 })),
        { auxiliaryCounts: [{ ratio: 0 }, { ratio: 0 }] },
      ),
    ).toEqual({});
  });

  it("mixes the three modes in one call", () => {
    const out = reduceLossMetrics(
      ranks(3, (rank) => ({ a: rank, s: rank * 2, c: 1 })),
      { sumKeys: ["s"], auxiliaryCounts: [{ c: 1 }, { c: 1 }, { c: 2 }] },
    );
    expect(out).toEqual({ a: 1, a_max: 2, s: 6, s_max: 4, c: 1 });
  });

  it("refuses a key in both sets", () => {
    const call = () => reduceLossMetrics([{ foo: 1 }, { foo: 2 }], { sumKeys: ["foo"], auxiliaryCounts: [{ foo: 1 }, { foo: 1 }] });
    expect(call).toThrow(UserError);
    expect(call).toThrow(/"foo" is in both sum_keys and auxiliary_counts/);
  });

  it("passes values through unchanged on a single rank, with _max equal to the value", () => {
    expect(reduceLossMetrics([{ foo: 7.5, bar: 3, c: 0.25 }], { sumKeys: ["foo"], auxiliaryCounts: [{ c: 4 }] })).toEqual({ foo: 7.5, foo_max: 7.5, bar: 3, bar_max: 3, c: 0.25 });
  });

  it("refuses ranks that reduce different key sets (a real collective would deadlock)", () => {
    expect(() => reduceLossMetrics([{ a: 1 }, { b: 1 }])).toThrow(/rank 1 reduces the same keys/);
    expect(() => reduceLossMetrics([{ a: 1 }, { a: 1, b: 1 }])).toThrow(/rank 1 reduces the same keys/);
  });
});

describe("reducePackedLossMetrics", () => {
  it("gives what reduceLossMetrics gives for the same values as one dict per rank, to the bit", () => {
    const keys = ["a", "b/c", "d"];
    const value = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 9 }), fc.subarray(keys), (rows, sumKeys) => {
        const packed = Float64Array.from(rows.flat());
        const dicts = rows.map((row) => Object.fromEntries(keys.map((key, k) => [key, row[k] as number])));
        expect(reducePackedLossMetrics(packed, keys, { sumKeys })).toStrictEqual(reduceLossMetrics(dicts, { sumKeys }));
      }),
    );
  });

  it("is what one PackedLossReduction, reused call after call into the same lists, writes", () => {
    const keys = ["a", "b/c", "d"];
    const value = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 4 }), fc.subarray(keys), (steps, sumKeys) => {
        const reduction = new PackedLossReduction(keys, { sumKeys });
        const outKeys: string[] = [];
        const outValues = new Float64Array(2 * keys.length);
        for (const rows of steps) {
          const packed = Float64Array.from(rows.flat());
          const dicts = rows.map((row) => Object.fromEntries(keys.map((key, k) => [key, row[k] as number])));
          const count = reduction.reduceInto(packed, outKeys, outValues);
          expect(Object.fromEntries(outKeys.slice(0, count).map((key, i) => [key, outValues[i] as number]))).toStrictEqual(reduceLossMetrics(dicts, { sumKeys }));
        }
      }),
    );
  });

  it("SUM mode round-trips {foo: rank+1} at W=4 to foo = 10 and foo_max = 4", () => {
    expect(reducePackedLossMetrics(Float64Array.of(1, 2, 3, 4), ["foo"], { sumKeys: ["foo"] })).toEqual({ foo: 10, foo_max: 4 });
    expect(reducePackedLossMetrics(Float64Array.of(1, 2, 3, 10), ["loss"])).toEqual({ loss: 4, loss_max: 10 });
  });

  it("refuses a vector that is not whole ranks of every key", () => {
    expect(() => reducePackedLossMetrics(Float64Array.of(1, 2, 3), ["a", "b"])).toThrow(/whole ranks/);
  });
});

describe("inProcessCollectives", () => {
  it("reduces element-wise in rank order", () => {
    // Three ranks of three values each, rank-major.
    const packed = Float64Array.of(1, 5, 0.1, 3, 2, 0.2, 2, 9, 0.3);
    expect([...inProcessCollectives.allReduce(packed, 3, "min")]).toEqual([1, 2, 0.1]);
    expect([...inProcessCollectives.allReduce(packed, 3, "max")]).toEqual([3, 9, 0.3]);
    // Rank order makes the floating-point sum exactly (0.1 + 0.2) + 0.3.
    expect([...inProcessCollectives.allReduce(packed, 3, "sum")]).toEqual([6, 16, 0.1 + 0.2 + 0.3]);
    expect([...packed]).toEqual([1, 5, 0.1, 3, 2, 0.2, 2, 9, 0.3]);
  });

  it("passes one rank's vector through, and refuses a buffer that is not whole vectors", () => {
    expect([...inProcessCollectives.allReduce(Float64Array.of(-0, 7), 2, "sum")]).toEqual([-0, 7]);
    expect(() => inProcessCollectives.allReduce(Float64Array.of(1, 2, 3), 2, "sum")).toThrow(/whole vectors/);
    expect(() => inProcessCollectives.allReduce(new Float64Array(0), 1, "min")).toThrow(/whole vectors/);
  });
});

describe("MaxKeyNames", () => {
  it("names each key's _max sibling, the same from its cache", () => {
    const names = new MaxKeyNames();
    expect(names.of("ledger/evictions/lru")).toBe("ledger/evictions/lru_max");
    expect(names.of("ledger/evictions/lru")).toBe("ledger/evictions/lru_max");
    expect(names.of("x")).toBe("x_max");
  });

  it("gives the same reduction whether the caller keeps a cache or not", () => {
    const names = new MaxKeyNames();
    const metrics = ranks(3, (rank) => ({ a: rank, b: 2 * rank }));
    const packed = Float64Array.from(metrics.flatMap((m) => [m.a as number, m.b as number]));
    for (let i = 0; i < 2; i++) {
      expect(reduceLossMetrics(metrics, { sumKeys: ["a"], maxKeyNames: names })).toEqual(reduceLossMetrics(metrics, { sumKeys: ["a"] }));
      expect(reducePackedLossMetrics(packed, ["a", "b"], { sumKeys: ["a"], maxKeyNames: names })).toEqual(reduceLossMetrics(metrics, { sumKeys: ["a"] }));
    }
  });
});

// Stryker found the single-rank pass-through of count-weighted keys untested where it
// matters: with a zero count, the multi-rank rule leaves the key out, but one rank passes
// its value through unchanged (model.md, "Cross-rank reduction").
describe("reduceLossMetrics on one rank", () => {
  it("passes a count-weighted value through even when its count is 0", () => {
    expect(reduceLossMetrics([{ ratio: 0.25 }], { auxiliaryCounts: [{ ratio: 0 }] })).toEqual({ ratio: 0.25 });
  });
});
