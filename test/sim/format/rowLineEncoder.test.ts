import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRow } from "../../../sim/format/jsonl.ts";
import { RowColumns } from "../../../sim/format/rowColumns.ts";
import { RowLineEncoder } from "../../../sim/format/rowLineEncoder.ts";

const key = fc.oneof(fc.constantFrom("step", "rank", "ledger/evictions/lru", 'a"b', "é", "😀", "10", "z"), fc.string({ maxLength: 6 }));
const value = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
  // -0.0000010370242504514822: the longest text a number has (25 characters; fast-check found the room asked for one short).
  fc.constantFrom(
    -0,
    0.1,
    1e21,
    -0.0000010370242504514822,
    -0.000009999999999999999,
    -1.7976931348623157e308,
    -2.2250738585072014e-308,
    5e-324,
    -0.000001234567890123456,
    Number.MAX_SAFE_INTEGER + 2,
    NaN,
    -Infinity,
  ),
);
const row = fc.dictionary(key, value, { maxKeys: 8 });

describe("RowLineEncoder", () => {
  it("writes each row of a stream as formatRow's text and a newline, in no more bytes than it asked for, whether its keys repeat or change and whether it reads the row or is given its columns", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.constant({ step: 1, b: 2, a: 0.5 }), fc.constant({})), { maxLength: 12 }), (rows) => {
        const encoder = new RowLineEncoder();
        // Every other row comes read as columns already (a run's step, read once for all its writers).
        const reader = new RowColumns((keys) => keys);
        for (const [i, r] of rows.entries()) {
          const room = i % 2 === 0 ? encoder.load(r) : encoder.loadColumns(reader.read(r), reader.values);
          const target = Buffer.alloc(room + 8, 0xee);
          const end = encoder.encodeInto(target, 3);
          expect(end - 3).toBeLessThanOrEqual(room);
          expect(target.subarray(3, end).toString("utf8")).toBe(formatRow(r) + "\n");
          expect(target[end]).toBe(0xee);
        }
      }),
    );
  });

  it("writes a stream of rows with the same keys, values staying and changing (in length too), as formatRow does", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { minLength: 1, maxLength: 8 }),
        fc.array(value, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat({ max: 4 }), { minLength: 8, maxLength: 80 }),
        (keys, pool, picks) => {
          const encoder = new RowLineEncoder();
          for (let r = 0; r * keys.length < picks.length; r++) {
            const row = Object.fromEntries(keys.map((k, i) => [k, pool[(picks[(r * keys.length + i) % picks.length] as number) % pool.length] as number]));
            const target = Buffer.alloc(encoder.load(row));
            const end = encoder.encodeInto(target, 0);
            expect(target.subarray(0, end).toString("utf8")).toBe(formatRow(row) + "\n");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("asks room enough for the longest text of a number (25 characters)", () => {
    const encoder = new RowLineEncoder();
    for (const value of [-0.0000010370242504514822, -0.000009999999999999999, -1.7976931348623157e308, -123456789012345680000]) {
      const row = { step: value };
      const room = encoder.load(row);
      const target = Buffer.alloc(room);
      const end = encoder.encodeInto(target, 0);
      expect(target.subarray(0, end).toString("utf8")).toBe(formatRow(row) + "\n");
    }
  });
});
