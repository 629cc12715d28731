import { describe, expect, it } from "vitest";
import { alignColumns } from "../../../sim/check/alignColumns.ts";

describe("alignColumns", () => {
  it("pads columns to their widest cell, right-aligning the numeric ones", () => {
    expect(alignColumns([["name", "ms"], ["a", "1200"], ["longer", "5"]], new Set([1]))).toEqual(["name      ms", "a       1200", "longer     5"]);
  });

  it("trims trailing spaces", () => {
    expect(alignColumns([["a", ""], ["bbb", ""]])).toEqual(["a", "bbb"]);
  });
});
