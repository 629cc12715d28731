import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRow, formatRows, RowFormatter } from "../../../sim/format/jsonl.ts";

/** formatRow's definition, written the plain way: the oracle RowFormatter is held to. */
function formatRowByDefinition(row: Readonly<Record<string, number>>): string {
  const keys = Object.keys(row)
    .filter((k) => k !== "step")
    .sort();
  const parts: string[] = [];
  if ("step" in row) parts.push(`"step":${JSON.stringify(row.step)}`);
  for (const key of keys) parts.push(`${JSON.stringify(key)}:${JSON.stringify(row[key])}`);
  return `{${parts.join(",")}}`;
}

const key = fc.oneof(fc.constantFrom("step", "rank", "ledger/evictions/lru", 'a"b', "é", "10", "z"), fc.string({ maxLength: 6 }));
const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 0.1, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2));
const row = fc.dictionary(key, value, { maxKeys: 8 });

describe("RowFormatter", () => {
  it("writes each row of a stream as formatRow's definition does, whether its keys repeat or change", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.constant({ step: 1, b: 2, a: 0.5 })), { maxLength: 12 }), (rows) => {
        const formatter = new RowFormatter();
        for (const r of rows) expect(formatter.format(r)).toBe(formatRowByDefinition(r));
      }),
    );
  });

  it("puts step first, the other keys sorted, numbers in shortest round-trip form", () => {
    expect(formatRow({ step: 3, b: 0.1, a: 1e21, rank: -0 })).toBe('{"step":3,"a":1e+21,"b":0.1,"rank":0}');
    expect(
      formatRows([
        { step: 1, x: 1 },
        { step: 2, x: 2 },
      ]),
    ).toBe('{"step":1,"x":1}\n{"step":2,"x":2}\n');
  });
});
