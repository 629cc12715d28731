import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSweepChart } from "../../../../sim/analyse/sweep/sweepChart.ts";
import { sweepStatus } from "../../../../sim/execute/sweep/sweepStatus.ts";
import { csvRecordLine, formatSummaryCsv, metricStatsOf, summaryRowsOf, type SummaryRow, writeSummaryCsv } from "../../../../sim/analyse/sweep/sweepSummary.ts";
import { MemorySweepStore } from "../../../helpers/memorySweepStore.ts";
import { completedRun, manifestOf } from "../../execute/sweep/sweepFixtures.ts";

function row(config: string, point: Record<string, number | string>, stale: number | undefined, status = "complete"): SummaryRow {
  return {
    config,
    point,
    status,
    metrics: stale === undefined ? new Map() : new Map([["ledger/false_evictions/stale", { max: stale, sum: stale * 10, last: 0 }]]),
    verdicts: new Map([['a, "quoted" name', stale === 0 ? "pass" : "fail"]]),
  };
}

describe("metricStatsOf", () => {
  it("takes each metric's max, sum and last value over the steps that have it", () => {
    const stats = metricStatsOf([
      { step: 1, a: 2, b: 5 },
      { step: 2, a: 7 },
      { step: 3, a: 1 },
    ]);
    expect(stats.get("a")).toEqual({ max: 7, sum: 10, last: 1 });
    expect(stats.get("b")).toEqual({ max: 5, sum: 5, last: 5 });
    expect(stats.has("step")).toBe(false);
  });
});

describe("summaryRowsOf", () => {
  /** The resolved scenario of every run below: one expectation on the metric `loss`. */
  const SCENARIO = '[run]\nname = "healthy_smoke"\n\n[[expect]]\nname = "loss stays low"\nmetric = "loss"\nstat = "max"\nop = "<="\nvalue = 2\n';

  /** A complete run of `config` whose metric `loss` takes `values` at steps 1, 2, ... */
  function runOf(config: string, values: readonly number[]): Record<string, string> {
    const metrics = values.map((value, index) => `{"step":${index + 1},"loss":${value}}\n`).join("");
    return { ...completedRun(config, metrics), "scenario.resolved.toml": SCENARIO };
  }

  it("reads each complete config's statistics and verdicts through the store, and names why the others have none", () => {
    const store = new MemorySweepStore();
    store.manifests.set("/s", manifestOf());
    store.runs.put("/s/a", runOf("a", [1, 2, 0.5])).put("/s/b", runOf("b", [3, 1]));
    const rows = summaryRowsOf(sweepStatus(store, ["/s"]), store.runs);
    expect(rows.map((row) => [row.config, row.status, row.metrics.get("loss"), Object.fromEntries(row.verdicts)])).toEqual([
      ["a", "complete", { max: 2, sum: 3.5, last: 0.5 }, { "loss stays low": "pass" }],
      ["b", "complete", { max: 3, sum: 4, last: 1 }, { "loss stays low": "fail" }],
      ["c", "missing", undefined, {}],
    ]);
  });

  it("refuses a complete run's metrics.jsonl whose steps are out of order, naming the file (bad input)", () => {
    const store = new MemorySweepStore();
    store.manifests.set("/s", manifestOf(["a"]));
    // artifacts.json records this file's hash, so that the status finds the run complete and the summary reads it.
    store.runs.put("/s/a", { ...completedRun("a", '{"step":2,"loss":1}\n'), "scenario.resolved.toml": SCENARIO });
    expect(() => summaryRowsOf(sweepStatus(store, ["/s"]), store.runs)).toThrow(/\/s\/a\/metrics\.jsonl.*expected step 1/);
  });
});

describe("formatSummaryCsv", () => {
  it("writes one row per config with axis values, metric statistics and verdicts, quoting what needs it", () => {
    const csv = formatSummaryCsv(["x", "seed"], [row("c1", { x: 2, seed: 1 }, 3), row("c2", { x: "a,b", seed: 1 }, undefined, "missing")]);
    expect(csv).toBe(
      [
        'config,x,seed,status,ledger/false_evictions/stale:max,ledger/false_evictions/stale:sum,ledger/false_evictions/stale:last,"expect:a, ""quoted"" name"',
        "c1,2,1,complete,3,30,0,fail",
        'c2,"a,b",1,missing,,,,fail',
        "",
      ].join("\n"),
    );
  });
});

describe("csvRecordLine", () => {
  it("writes a record as csv-stringify does, without its final line break, joining plain cells itself (property)", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom("", "a,b", 'say "x"', "line\nbreak", "cr\r", "-1.5", "=SUM(A1)", " padded ", "complete"));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        expect(`${csvRecordLine(cells)}\n`).toBe(stringify([cells], { record_delimiter: "\n" }));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("writeSummaryCsv", () => {
  it("writes formatSummaryCsv's text through the store, a record at a time, a value with a line break quoted whole", () => {
    const store = new MemorySweepStore();
    const rows = [row("c1", { x: 2, seed: 1 }, 3), row("c2", { x: "two\nlines", seed: 1 }, undefined, "missing")];
    expect(writeSummaryCsv(store, "sweep", ["x", "seed"], rows)).toBe("sweep/summary.csv");
    expect(store.summaries.get("sweep")).toBe(formatSummaryCsv(["x", "seed"], rows));
  });
});

describe("buildSweepChart", () => {
  it("charts a statistic against one axis with a line per value of another, averaging the rest and skipping incomplete configs", () => {
    const rows = [
      row("a", { t: 10, c: 64, seed: 1 }, 4),
      row("b", { t: 10, c: 64, seed: 2 }, 6),
      row("c", { t: 2, c: 64, seed: 1 }, 8),
      row("d", { t: 2, c: 512, seed: 1 }, 1),
      row("e", { t: 10, c: 512, seed: 1 }, 99, "failed"),
    ];
    const chart = buildSweepChart(rows, { metric: "ledger/false_evictions/stale", statistic: "max", xAxis: "t", seriesAxis: "c" });
    expect(chart.x).toEqual(["2", "10"]);
    expect(chart.series.map((s) => s.name)).toEqual(["c=64", "c=512"]);
    expect(chart.series[0]?.mean).toEqual([8, 5]);
    expect(chart.series[0]?.min).toEqual([8, 4]);
    expect(chart.series[0]?.max).toEqual([8, 6]);
    expect(chart.series[0]?.count).toEqual([1, 2]);
    expect(chart.series[1]?.mean).toEqual([1, null]);
  });

  it("draws one line named after the metric without a series axis", () => {
    const chart = buildSweepChart([row("a", { t: 1 }, 2), row("b", { t: 1 }, 4)], { metric: "ledger/false_evictions/stale", statistic: "sum", xAxis: "t" });
    expect(chart.series).toHaveLength(1);
    expect(chart.series[0]?.name).toBe("ledger/false_evictions/stale");
    expect(chart.series[0]?.mean).toEqual([30]);
  });
});
