import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { RowTally } from "../../../../sim/execute/run/rowTally.ts";
import { RowColumns } from "../../../../sim/format/rowColumns.ts";

/** The tally by key, one record store per key per row: what RowTally must agree with. */
function naiveTally(rows: readonly MetricsRow[]): { last: Record<string, number>; max: Record<string, number> } {
  const last: Record<string, number> = {};
  const max: Record<string, number> = {};
  for (const row of rows) {
    for (const key in row) {
      if (key === "step") continue;
      const value = row[key] as number;
      last[key] = value;
      const largest = max[key];
      if (largest === undefined || value > largest) max[key] = value;
    }
  }
  return { last, max };
}

describe("RowTally", () => {
  it("gives each key's last and largest value, as a store per key would, also when the keys change between rows", () => {
    // A small linear congruential sequence: the same rows every run.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const keySets = [["a", "b", "c"], ["a", "c"], ["a", "b", "c", "d"], ["d"], []];
    for (let trial = 0; trial < 50; trial++) {
      const rows: MetricsRow[] = [];
      for (let step = 1; step <= 40; step++) {
        const keys = keySets[Math.floor(next() * (trial % 2 === 0 ? 1 : keySets.length))] as string[];
        rows.push({ step, ...Object.fromEntries(keys.map((key) => [key, Math.round((next() - 0.5) * 100)])) } as MetricsRow);
      }
      // As a run gives them: each row read as columns, a key list kept as one array while the rows keep it.
      const columns = new RowColumns((keys) => keys);
      const tally = new RowTally();
      for (const row of rows) tally.add(columns.read(row), columns.values);
      expect({ last: tally.last(), max: tally.max() }).toEqual(naiveTally(rows));
    }
  });

  it("is empty before any row", () => {
    const tally = new RowTally();
    expect(tally.last()).toEqual({});
    expect(tally.max()).toEqual({});
  });
});
