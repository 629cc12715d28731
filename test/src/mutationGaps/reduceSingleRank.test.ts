import { describe, expect, it } from "vitest";
import { reduceLossMetrics } from "../../../src/distributed/reduceLossMetrics.ts";

// Stryker found the single-rank pass-through of count-weighted keys untested where it
// matters: with a zero count, the multi-rank rule leaves the key out, but one rank passes
// its value through unchanged (model.md, "Cross-rank reduction").
describe("reduceLossMetrics on one rank", () => {
  it("passes a count-weighted value through even when its count is 0", () => {
    expect(reduceLossMetrics([{ ratio: 0.25 }], { auxiliaryCounts: [{ ratio: 0 }] })).toEqual({ ratio: 0.25 });
  });
});
