import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { buildBlockCharts, DIVERGENCE_MARKS, EXPECTATIONS_MARKS } from "../../../../sim/analyse/report/blockCharts.ts";
import { evaluateExpectation } from "../../../../sim/verify/expect/evaluateExpectation.ts";
import type { Expectation } from "../../../../sim/input/scenario/scenario.ts";

const rows = (...values: Record<string, number>[]): MetricsRow[] => values.map((v, i) => ({ step: i + 1, ...v }) as MetricsRow);

const RUN = rows(
  { "s/a_min": 1, "s/a_max": 3, "stream_mixing/active/modalities/rna": 2, "stream_mixing/active/modalities/atac": 1 },
  { "s/a_min": 2, "s/a_max": 2, "stream_mixing/active/modalities/rna": 2 },
  { "s/a_min": 0, "s/a_max": 5, "stream_mixing/active/modalities/rna": 1, "stream_mixing/active/modalities/atac": 1 },
);

function expectation(fields: Partial<Expectation>): Expectation {
  return { name: "e", metric: "s/a_max", stat: "max", op: "<=", value: 4, signature: false, ...fields };
}

describe("buildBlockCharts", () => {
  it("draws each run as a source of every chart, with the exact values and gaps where a key is absent", () => {
    const charts = buildBlockCharts([
      { label: "run", rows: RUN },
      { label: "base", rows: RUN.slice(0, 2) },
    ]);
    const modalities = charts.find((chart) => chart.id === "stream_mixing/active/modalities/*");
    const view = modalities?.views[0];
    expect(view?.sources.map((source) => source.label)).toEqual(["run", "base"]);
    expect(view?.sources[0]?.columns["stream_mixing/active/modalities/atac"]).toEqual([1, null, 1]);
    expect(view?.sources[1]?.columns.step).toEqual([1, 2]);
  });

  it("shades a min/max band: the band's height is max - min at each step", () => {
    const band = buildBlockCharts([{ label: "run", rows: RUN }]).find((chart) => chart.id === "s/a_{min,max}");
    const view = band?.views[0];
    expect(view?.spec.bands).toEqual([{ low: "s/a_min", high: "s/a_max", colorSlot: 0 }]);
    expect(view?.sources[0]?.columns["s/a_max - s/a_min"]).toEqual([2, 0, 5]);
  });

  it("draws an expectation on its metric's chart: threshold, window, verdict; a combined pattern as a line of its own", () => {
    const threshold = expectation({ name: "bounded", steps: [2, 3] });
    const combined = expectation({ name: "sum of modalities", metric: "stream_mixing/active/modalities/*", combine: "sum", stat: "min", op: ">=", value: 2 });
    const charts = buildBlockCharts([{ label: "run", rows: RUN }], {
      expectations: [threshold, combined].map((e) => ({ result: evaluateExpectation(e, RUN) })),
    });
    const band = charts.find((chart) => chart.id === "s/a_{min,max}")?.views[0];
    const marks = band?.marks.find((mark) => mark.name === EXPECTATIONS_MARKS);
    expect(marks?.thresholds).toEqual([{ y: 4, label: "✗ max <= 4", passed: false }]);
    expect(marks?.windows).toEqual([{ from: 2, to: 3, label: "steps 2..3" }]);
    expect(band?.spec.subtitle).toBe("✗ bounded: max = 5, expected <= 4");

    const modalities = charts.find((chart) => chart.id === "stream_mixing/active/modalities/*")?.views[0];
    const line = modalities?.spec.lines.find((l) => l.key === "expectation: sum of modalities");
    expect(line?.label).toBe("sum(modalities/*)");
    expect(modalities?.sources[0]?.columns["expectation: sum of modalities"]).toEqual([3, 2, 2]);
  });

  it("marks a golden mismatch's first divergent step on every chart and names it on the key's chart", () => {
    const charts = buildBlockCharts(
      [
        { label: "run", rows: RUN },
        { label: "golden", rows: RUN },
      ],
      {
        firstDivergence: { step: 2, key: "s/a_max", expected: 3, actual: 2 },
      },
    );
    for (const chart of charts)
      expect(chart.views[0]?.marks.find((mark) => mark.name === DIVERGENCE_MARKS)?.steps).toEqual([{ x: 2, label: "first divergence: step 2", passed: false }]);
    expect(charts.find((chart) => chart.id === "s/a_{min,max}")?.views[0]?.spec.subtitle).toBe("✗ golden differs first at step 2, s/a_max: golden 3, run 2");
  });

  it("offers per-rank views only when a run has per-rank rows: the band over ranks, then each rank", () => {
    expect(buildBlockCharts([{ label: "run", rows: RUN }]).every((chart) => chart.views.length === 1)).toBe(true);
    const rank0 = rows({ x: 1 }, { x: 4 });
    const rank1 = rows({ x: 3 }, { x: 2 });
    const charts = buildBlockCharts([{ label: "run", rows: rows({ x: 2, x_max: 3 }, { x: 3, x_max: 4 }), rankRows: [rank0, rank1] }]);
    const views = charts[0]?.views ?? [];
    expect(views.map((view) => view.name)).toEqual(["cluster", "min–max over ranks", "rank 0", "rank 1"]);
    expect(views[1]?.sources[0]?.columns["x min over ranks"]).toEqual([1, 2]);
    expect(views[1]?.sources[0]?.columns["x max over ranks"]).toEqual([3, 4]);
    // A rank has no `_max` sibling (that is a cluster reduction).
    expect(views[3]?.spec.lines.map((line) => line.key)).toEqual(["x"]);
    expect(views[3]?.sources[0]?.columns.x).toEqual([3, 2]);
  });
});
