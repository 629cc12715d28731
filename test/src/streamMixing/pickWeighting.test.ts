import { describe, expect, it } from "vitest";
import { pickWeight, weightedIndex } from "../../../src/streamMixing/pickWeighting.ts";
import { Reader } from "../../../src/streamMixing/reader.ts";
import type { StreamSpec } from "../../../src/streamMixing/streamSpec.ts";

// Stryker found the three pick weightings interchangeable in the tests: dropping the
// `remaining_picks` case (so it fell through to `uniform`) left every test green. Each
// weighting is pinned here with a known uniform draw.
function reader(index: number, cells: number, bs: number, read: number): Reader {
  const stream: StreamSpec = { index, name: `rna/${index}`, modality: "rna", modalityIndex: 0, cells, bs };
  const r = new Reader(stream, 0, cells, index);
  r.position = read;
  return r;
}

describe("pick weighting", () => {
  // Remaining picks 1 and 3, remaining cells 4 and 30: the three weightings disagree.
  const active = [reader(0, 8, 4, 4), reader(1, 30, 10, 0)];
  const scratch = new Float64Array(active.length);

  it("weighs a reader by its remaining picks, 1 or remaining cells", () => {
    expect(active.map((r) => pickWeight("remaining_picks", r))).toEqual([1, 3]);
    expect(active.map((r) => pickWeight("uniform", r))).toEqual([1, 1]);
    expect(active.map((r) => pickWeight("remaining_cells", r))).toEqual([4, 30]);
  });

  it("maps a draw onto the cumulative weights", () => {
    // u = 0.3: remaining_picks 1.2 of 4 -> reader 1; uniform 0.6 of 2 -> reader 0;
    // remaining_cells 10.2 of 34 -> reader 1; u = 0.1: remaining_cells 3.4 -> reader 0.
    expect(weightedIndex("remaining_picks", active, 0.3, scratch)).toBe(1);
    expect(weightedIndex("uniform", active, 0.3, scratch)).toBe(0);
    expect(weightedIndex("remaining_cells", active, 0.3, scratch)).toBe(1);
    expect(weightedIndex("remaining_cells", active, 0.1, scratch)).toBe(0);
    // A draw exactly on a boundary goes to the next reader: u = 0.25 is 1 of 4 picks.
    expect(weightedIndex("remaining_picks", active, 0.25, scratch)).toBe(1);
    expect(weightedIndex("remaining_picks", active, 0, scratch)).toBe(0);
  });
});
