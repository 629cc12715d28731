import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { DrawnRowsKeeper, LONG_RUN_STEPS } from "../../../sim/format/drawnRows.ts";
import { RunPacker } from "../../../sim/format/packedRun.ts";
import { SUMMARY_BUCKETS, SummaryRows } from "../../../sim/format/summaryRows.ts";

const rowsOf = (count: number): MetricsRow[] => Array.from({ length: count }, (_, i) => ({ step: i + 1, a: (i * 7) % 13, b: i / 3 }) as MetricsRow);

describe("DrawnRowsKeeper", () => {
  it("keeps every row of a run of at most LONG_RUN_STEPS steps", () => {
    const rows = rowsOf(LONG_RUN_STEPS);
    const keeper = new DrawnRowsKeeper(rows.length, 1);
    for (const row of rows) keeper.add(row);
    expect(keeper.finish()).toEqual({ rows });
  });

  it("keeps a longer run as its summary and packed values, what sim report draws of it", () => {
    const rows = rowsOf(LONG_RUN_STEPS + 1);
    const keeper = new DrawnRowsKeeper(rows.length, 1);
    const summary = new SummaryRows(rows.length);
    const packer = new RunPacker(1);
    for (const row of rows) {
      keeper.add(row);
      summary.add(row);
      packer.add(row);
    }
    const drawn = keeper.finish();
    expect(drawn.rows.length).toBeLessThanOrEqual(2 * SUMMARY_BUCKETS);
    expect(drawn).toEqual({ rows: summary.finish(), packed: packer.finish() });
  });
});
