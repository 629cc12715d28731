import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LINE_SERIES_COLUMNS, LineSeriesRecorder } from "../../../../sim/execute/wandb/lineSeriesCharts.ts";

const KEYS = ["ledger/evictions/lru", "ledger/evictions/stale", "stream_mixing/active/remaining_min", "stream_mixing/active/remaining_max"];

describe("LineSeriesRecorder", () => {
  it("writes each family's table as JSON.stringify({ columns, data }) would, a row [step, label, value] per kept point", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        (steps) => {
          const recorder = new LineSeriesRecorder(1);
          recorder.setKeys(KEYS);
          steps.forEach((values, i) => recorder.offer(i + 1, values));
          const last = Object.fromEntries(KEYS.map((key, k) => [key, (steps[steps.length - 1] as number[])[k] as number]));
          const tables = recorder.tables(steps.length, last);
          expect(tables.map((table) => table.family.name)).toEqual(["evictions", "remaining"]);
          for (const table of tables) {
            const members = table.family.members;
            const data = members.flatMap((member) => steps.map((values, i) => [i + 1, member.label, values[KEYS.indexOf(member.key)] as number]));
            expect(table.json.toString("utf8")).toBe(JSON.stringify({ columns: LINE_SERIES_COLUMNS, data }));
            expect(table.rows).toBe(data.length);
          }
        },
      ),
    );
  });
});
