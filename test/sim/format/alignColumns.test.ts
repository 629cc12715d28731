import { describe, expect, it } from "vitest";
import { alignColumns } from "../../../sim/format/alignColumns.ts";

describe("alignColumns", () => {
  it("pads columns to their widest cell, right-aligning the numeric ones", () => {
    expect(
      alignColumns(
        [
          ["name", "ms"],
          ["a", "1200"],
          ["longer", "5"],
        ],
        { rightAligned: new Set([1]) },
      ),
    ).toEqual(["name      ms", "a       1200", "longer     5"]);
  });

  it("trims trailing spaces", () => {
    expect(
      alignColumns([
        ["a", ""],
        ["bbb", ""],
      ]),
    ).toEqual(["a", "bbb"]);
  });

  it("draws a rule under the header, as wide as each column", () => {
    expect(
      alignColumns(
        [
          ["id", "time"],
          ["long-id", "1 s"],
        ],
        { rightAligned: new Set([1]), ruleUnderHeader: true },
      ),
    ).toEqual(["id       time", "-------  ----", "long-id   1 s"]);
  });
});
