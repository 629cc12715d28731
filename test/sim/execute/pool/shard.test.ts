import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { assignBins, itemsOfShard, parseShard } from "../../../../sim/execute/pool/shard.ts";

describe("parseShard", () => {
  it("reads i/n, 1-based", () => {
    expect(parseShard("1/3")).toEqual({ index: 1, count: 3 });
    expect(parseShard("3/3")).toEqual({ index: 3, count: 3 });
  });

  it.each(["0/3", "4/3", "a/b", "1/0", "2", "-1/3", "1.5/3", ""])("refuses %j naming the option and the value", (text) => {
    expect(() => parseShard(text)).toThrow(UserError);
    expect(() => parseShard(text)).toThrow(`--shard ${text}: expected i/n with 1 <= i <= n`);
  });
});

describe("assignBins", () => {
  it("deals the largest costs first, each to the least loaded bin, ties to the lowest bin and earliest item", () => {
    expect(assignBins([5, 5, 4, 3, 3], 2)).toEqual([0, 1, 0, 1, 1]);
    expect(assignBins([1, 1, 1], 3)).toEqual([0, 1, 2]);
  });

  it("is a partition whose loads differ by at most the largest cost, whatever the costs", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (costs, count) => {
        const bins = assignBins(costs, count);
        const shards = Array.from({ length: count }, (_, i) =>
          itemsOfShard(
            costs.map((cost, at) => ({ cost, at })),
            (item) => item.cost,
            { index: i + 1, count },
          ),
        );
        // Every item in exactly one shard.
        expect(
          shards
            .flat()
            .map((item) => item.at)
            .sort((a, b) => a - b),
        ).toEqual(costs.map((_, at) => at));
        const loads = Array.from({ length: count }, (_, bin) => costs.filter((_, i) => bins[i] === bin).reduce((a, b) => a + b, 0));
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(0, ...costs));
      }),
    );
  });
});
