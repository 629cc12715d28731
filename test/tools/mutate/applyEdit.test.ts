import { describe, expect, it } from "vitest";
import { applyEdit, countOccurrences, describeFindMismatch } from "../../../tools/mutate/countOccurrences.ts";

describe("applyEdit", () => {
  it("replaces the one occurrence of find", () => {
    expect(applyEdit("a + b; c", "a + b", "a * b")).toEqual({ ok: true, text: "a * b; c" });
  });

  it("refuses a find that no longer occurs, so the source moved on", () => {
    expect(applyEdit("a - b", "a + b", "a * b")).toEqual({ ok: false, occurrences: 0 });
    expect(describeFindMismatch("src/x.ts", 0)).toBe(`"find" no longer occurs in src/x.ts (the source moved on: update the catalog)`);
  });

  it("refuses a find that occurs several times, overlapping ones included", () => {
    expect(applyEdit("aaa", "aa", "b")).toEqual({ ok: false, occurrences: 2 });
    expect(countOccurrences("x", "")).toBe(0);
  });

  it("inserts the replacement literally, even with $ patterns", () => {
    expect(applyEdit("f(x)", "x", "$&$1")).toEqual({ ok: true, text: "f($&$1)" });
  });
});
