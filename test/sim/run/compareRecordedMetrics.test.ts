import { describe, expect, it } from "vitest";
import { compareRecordedMetrics } from "../../../sim/run/compareRecordedMetrics.ts";
import { formatRows } from "../../../sim/format/jsonl.ts";

const rows = [
  { step: 1, a: 1, b: 2 },
  { step: 2, a: 3, b: 4 },
];

describe("compareRecordedMetrics", () => {
  it("identical text", () => {
    expect(compareRecordedMetrics(formatRows(rows), rows)).toEqual({ identical: true, rowsCompared: 2 });
  });

  it("names the first differing step and key with both values", () => {
    const edited = formatRows(rows).replace('"b":4', '"b":5');
    expect(compareRecordedMetrics(edited, rows).firstDifference).toEqual({ line: 2, step: 2, key: "b", expected: "5", actual: "4" });
  });

  it("a key only one side has", () => {
    const edited = formatRows(rows).replace(',"b":2', "");
    expect(compareRecordedMetrics(edited, rows).firstDifference).toEqual({ line: 1, step: 1, key: "b", expected: "(missing)", actual: "2" });
  });

  it("a recorded file that ends early or runs long", () => {
    expect(compareRecordedMetrics(formatRows(rows.slice(0, 1)), rows).firstDifference).toMatchObject({ line: 2, step: 2, key: "(row)" });
    expect(compareRecordedMetrics(formatRows(rows), rows.slice(0, 1)).firstDifference).toMatchObject({ line: 2, key: "(row)", actual: "(no row: the re-run ends here)" });
  });

  it("same values in another key order is a formatting difference", () => {
    expect(compareRecordedMetrics('{"step":1,"b":2,"a":1}\n{"step":2,"a":3,"b":4}\n', rows).firstDifference).toMatchObject({ line: 1, key: "(formatting)" });
  });
});
