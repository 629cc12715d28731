import { describe, expect, it } from "vitest";
import { buildSweepChart } from "../../../../sim/execute/sweep/sweepChart.ts";
import { formatSummaryCsv, metricStatsOf, type SummaryRow } from "../../../../sim/execute/sweep/sweepSummary.ts";

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
