import { describe, expect, it } from "vitest";
import { defaultSweepChartRequests, sweepReport } from "../../../../sim/analyse/sweep/sweepReport.ts";
import type { SweepManifest } from "../../../../sim/execute/sweep/sweepManifest.ts";
import type { ConfigState, SweepStatus } from "../../../../sim/execute/sweep/sweepStatus.ts";
import type { MetricStats, SummaryRow } from "../../../../sim/analyse/sweep/sweepSummary.ts";

function row(config: string, point: Record<string, number>, metrics: Record<string, number> | undefined): SummaryRow {
  const stats = new Map<string, MetricStats>(Object.entries(metrics ?? {}).map(([key, sum]) => [key, { max: sum, sum, last: sum }]));
  return { config, point, status: metrics === undefined ? "missing" : "complete", metrics: stats, verdicts: new Map() };
}

const ROWS = [
  row("t=2__seed=1", { t: 2, c: 4, seed: 1 }, { "ledger/stale": 5, "ledger/quiet": 0 }),
  row("t=2__seed=2", { t: 2, c: 4, seed: 2 }, { "ledger/stale": 7, "ledger/quiet": 0 }),
  row("t=5__seed=1", { t: 5, c: 4, seed: 1 }, { "ledger/stale": 1, "ledger/quiet": 0 }),
  row("t=5__seed=2", { t: 5, c: 4, seed: 2 }, undefined),
];

function statusOf(rows: readonly SummaryRow[], axes: readonly string[]): SweepStatus {
  const manifest = { scenario: "s<b>", axes, sweep_sha256: "ab".repeat(32), harness_version: "0.1.0", configs: [] } as unknown as SweepManifest;
  const configs = rows.map((r) => ({ config: { name: r.config, point: r.point }, problems: [], ...(r.status === "complete" ? { run: {} } : {}) }) as unknown as ConfigState);
  return { manifest, dirs: ["/abs/dir"], configs, strays: [], complete: rows.every((r) => r.status === "complete") };
}

describe("defaultSweepChartRequests", () => {
  it("charts the sum of every metric that is not zero everywhere against the first key, a line per value of the second", () => {
    expect(defaultSweepChartRequests(ROWS, ["t", "c", "seed"])).toEqual([{ metric: "ledger/stale", statistic: "sum", xAxis: "t", seriesAxis: "c" }]);
  });

  it("averages over the seeds rather than drawing a line per seed, and draws nothing for a sweep with no key", () => {
    expect(defaultSweepChartRequests(ROWS, ["t", "seed"])).toEqual([{ metric: "ledger/stale", statistic: "sum", xAxis: "t" }]);
    expect(defaultSweepChartRequests(ROWS, [])).toEqual([]);
  });
});

describe("sweepReport", () => {
  it("names the axes with their values, says the sweep is incomplete, and holds summary.csv's table", () => {
    const document = sweepReport(statusOf(ROWS, ["t", "c", "seed"]), ROWS, [{ metric: "ledger/stale", statistic: "sum", xAxis: "t" }], "out/dir");
    const [block] = document.blocks;
    expect(document.title).toBe("sim sweep report: s<b>");
    expect(block?.title).toBe("s<b>: 4 configs (3 complete)");
    expect(block?.notes.map((note) => [note.text, note.passed])).toEqual([
      ["axes: t (2: 2, 5) × c (1: 4) × seed (2: 1, 2)", undefined],
      ["3 of 4 configs complete: the charts leave the others out (`sim sweep status` names them)", false],
      [`sweep ${"ab".repeat(6)}, harness 0.1.0, from out/dir`, undefined],
    ]);
    expect(block?.table?.header.slice(0, 5)).toEqual(["config", "t", "c", "seed", "status"]);
    expect(block?.table?.records[3]?.slice(0, 5)).toEqual(["t=5__seed=2", "5", "4", "2", "missing"]);
  });

  it("draws each requested chart from the complete configs, saying what a point averages over", () => {
    const document = sweepReport(statusOf(ROWS, ["t", "seed"]), ROWS, [{ metric: "ledger/stale", statistic: "sum", xAxis: "t" }], "d");
    const [chart] = document.blocks[0]?.charts ?? [];
    expect(chart?.id).toBe("ledger/stale:sum by t");
    expect(chart?.section).toBe("ledger");
    const view = chart?.views[0];
    expect(view?.spec.subtitle).toBe("each point is the mean of 2 configs (over seed), shaded from min to max; sum: the metric summed over a run's steps");
    expect(view?.sources[0]?.columns["ledger/stale"]).toEqual([6, 1]);
  });
});
