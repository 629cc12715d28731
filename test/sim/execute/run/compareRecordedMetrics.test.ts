import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { formatRows } from "../../../../sim/format/jsonl.ts";
import { metricsLinesOf } from "../../../../sim/format/metricsRows.ts";
import { linesOfText } from "../../../../sim/io/lineReader.ts";
import { compareRecordedMetrics, type MetricsComparison } from "../../../../sim/execute/run/compareRecordedMetrics.ts";

const rows = [
  { step: 1, a: 1, b: 2 },
  { step: 2, a: 3, b: 4 },
];

const compare = (text: string, actual: readonly MetricsRow[]): Promise<MetricsComparison> => compareRecordedMetrics(metricsLinesOf(linesOfText(text), "metrics.jsonl"), actual);

describe("compareRecordedMetrics", () => {
  it("identical text", async () => {
    expect(await compare(formatRows(rows), rows)).toEqual({ identical: true, rowsCompared: 2 });
  });

  it("names the first differing step and key with both values", async () => {
    const edited = formatRows(rows).replace('"b":4', '"b":5');
    expect((await compare(edited, rows)).firstDifference).toEqual({ line: 2, step: 2, key: "b", expected: "5", actual: "4" });
  });

  it("a key only one side has", async () => {
    const edited = formatRows(rows).replace(',"b":2', "");
    expect((await compare(edited, rows)).firstDifference).toEqual({ line: 1, step: 1, key: "b", expected: "(missing)", actual: "2" });
  });

  it("a recorded file that ends early or runs long", async () => {
    expect((await compare(formatRows(rows.slice(0, 1)), rows)).firstDifference).toMatchObject({ line: 2, step: 2, key: "(row)" });
    expect((await compare(formatRows(rows), rows.slice(0, 1))).firstDifference).toMatchObject({ line: 2, key: "(row)", actual: "(no row: the re-run ends here)" });
  });

  it("same values in another key order is a formatting difference", async () => {
    expect((await compare('{"step":1,"b":2,"a":1}\n{"step":2,"a":3,"b":4}\n', rows)).firstDifference).toMatchObject({ line: 1, key: "(formatting)" });
  });

  it("stops at the first difference: neither the rest of the file nor the rest of the re-run is read", async () => {
    let linesRead = 0;
    let rowsMade = 0;
    const text = formatRows(rows).replace('"a":1', '"a":9') + "not even json\n";
    const lines = (function* () {
      for (const line of linesOfText(text)) {
        linesRead++;
        yield line;
      }
    })();
    const made = (function* () {
      for (let step = 1; step <= 1000; step++) {
        rowsMade++;
        yield { step, a: step, b: 2 };
      }
    })();
    expect((await compareRecordedMetrics(metricsLinesOf(lines, "metrics.jsonl"), made)).firstDifference).toMatchObject({ line: 1, key: "a" });
    expect(linesRead).toBe(1);
    expect(rowsMade).toBe(1);
  });
});
