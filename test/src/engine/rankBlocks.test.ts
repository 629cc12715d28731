import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_RANKS_PER_DEFAULT_THREAD, rankBlocks, threadsFor } from "../../../src/engine/rankBlocks.ts";

describe("rankBlocks", () => {
  it("splits the ranks into contiguous non-empty blocks in rank order, sizes within one of each other", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).chain((w) => fc.tuple(fc.constant(w), fc.integer({ min: 1, max: Math.min(w, 64) }))),
        ([worldSize, count]) => {
          const blocks = rankBlocks(worldSize, count);
          expect(blocks).toHaveLength(count);
          expect(blocks[0]?.first).toBe(0);
          expect(blocks[count - 1]?.end).toBe(worldSize);
          for (let b = 1; b < count; b++) expect(blocks[b]?.first).toBe(blocks[b - 1]?.end);
          const sizes = blocks.map((b) => b.end - b.first);
          expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("refuses more blocks than ranks", () => {
    expect(() => rankBlocks(3, 4)).toThrow("between 1 and 3 blocks of ranks, not 4");
  });
});

describe("threadsFor", () => {
  it("takes a requested count up to one per rank", () => {
    expect(threadsFor(64, 2, 4)).toBe(4);
    expect(threadsFor(3, 2, 8)).toBe(3);
  });

  it("by default gives each core a thread once the world has enough ranks for them", () => {
    expect(threadsFor(64, 8)).toBe(1);
    expect(threadsFor(MIN_RANKS_PER_DEFAULT_THREAD * 2 - 1, 8)).toBe(1);
    expect(threadsFor(MIN_RANKS_PER_DEFAULT_THREAD * 2, 8)).toBe(2);
    expect(threadsFor(65_536, 2)).toBe(2);
    expect(threadsFor(65_536, 64)).toBe(32);
  });
});
