import type { LineSeriesOption } from "echarts";
import { describe, expect, it } from "vitest";
import { BAND_FILL_ID_PREFIX, chartOption } from "../../../../sim/analyse/report/chartOption.ts";
import type { SweepChart } from "../../../../sim/analyse/sweep/sweepChart.ts";
import { sweepChartView } from "../../../../sim/analyse/sweep/sweepChartView.ts";

const CHART: SweepChart = {
  title: "m (sum) by t",
  xAxis: "t",
  x: ["2", "5", "20"],
  series: [
    { name: "c=4", mean: [10, 4.5, null], min: [10, 1, null], max: [10, 8, null], count: [1, 2, 0] },
    { name: "c=64", mean: [3, 2, 1], min: [3, 2, 1], max: [3, 2, 1], count: [1, 1, 1] },
  ],
};

function optionOf(chart: SweepChart, interactive = true) {
  const view = sweepChartView(chart, "sub");
  const option = chartOption(view.spec, view.sources, view.marks, { interactive, widthPx: 560 });
  const series = option.series as LineSeriesOption[];
  return { view, option, lines: series.filter((s) => !String(s.id).startsWith(BAND_FILL_ID_PREFIX)), fills: series.filter((s) => String(s.id).startsWith(BAND_FILL_ID_PREFIX)) };
}

describe("sweepChartView and chartOption", () => {
  it("puts a numeric swept key on a value axis: the x column holds the numbers, a line of means per series reads it", () => {
    const { option, lines } = optionOf(CHART);
    // A tick and a label at each swept value, the ends a little inside the axis.
    expect(option.xAxis).toMatchObject({
      type: "value",
      name: "t",
      min: 2 - 18 * 0.04,
      max: 20 + 18 * 0.04,
      axisTick: { customValues: [2, 5, 20] },
      axisLabel: { customValues: [2, 5, 20] },
    });
    const [dataset] = option.dataset as { source: Record<string, unknown[]> }[];
    expect(dataset?.source.t).toEqual([2, 5, 20]);
    expect(dataset?.source["c=4"]).toEqual([10, 4.5, null]);
    expect(dataset?.source["c=64"]).toEqual([3, 2, 1]);
    expect(lines.map((s) => [s.name, s.encode, s.showSymbol])).toEqual([
      ["c=4", { x: "t", y: "c=4" }, true],
      ["c=64", { x: "t", y: "c=64" }, true],
    ]);
    // Each line its own colour; a few points each, so none is sampled away.
    expect(new Set(lines.map((s) => s.color)).size).toBe(2);
    expect(lines.every((s) => s.sampling === undefined)).toBe(true);
    expect(option.title).toMatchObject({ text: "m (sum) by t", subtext: "sub" });
  });

  it("shades min to max only where the configs averaged over differ, under the line's own legend name", () => {
    const { option, fills } = optionOf(CHART);
    expect(fills.map((s) => s.name)).toEqual(["c=4", "c=4"]);
    const [dataset] = option.dataset as { source: Record<string, unknown[]> }[];
    const height = fills.find((s) => String(s.id).endsWith(":height"))?.encode as { y: string };
    const base = fills.find((s) => String(s.id).endsWith(":base"))?.encode as { y: string };
    expect(dataset?.source[base.y]).toEqual([10, 1, null]);
    expect(dataset?.source[height.y]).toEqual([0, 7, null]);
    // One legend entry per line: the band toggles with it.
    expect((option.legend as { data: string[] }).data).toEqual(["c=4", "c=64"]);
  });

  it("puts a swept key with values that are not all numbers on a category axis, in the chart's order", () => {
    const { option } = optionOf({ ...CHART, xAxis: "mode", x: ["lru", "stale", "off"] });
    expect(option.xAxis).toMatchObject({ type: "category", name: "mode" });
    const [dataset] = option.dataset as { source: Record<string, unknown[]> }[];
    expect(dataset?.source.mode).toEqual(["lru", "stale", "off"]);
  });

  it("has no zoom slider in the page and no tooltip in the static image", () => {
    expect(optionOf(CHART).option.dataZoom).toEqual([]);
    const still = optionOf(CHART, false).option;
    expect(still.tooltip).toEqual({ show: false });
  });

  it("leaves a run's chart on the step axis with its zoom", () => {
    const option = chartOption(
      { id: "a", title: "a", lines: [{ key: "a", label: "a", colorSlot: 0 }], bands: [] },
      [{ label: "r", columns: { step: [1, 2, 3], a: [1, 2, 3] } }],
      [],
      { interactive: true, widthPx: 560 },
    );
    expect(option.xAxis).toMatchObject({ type: "value", name: "step", min: 1, max: 3 });
    expect((option.series as LineSeriesOption[])[0]?.encode).toEqual({ x: "step", y: "a" });
    expect(option.dataZoom).toHaveLength(2);
  });
});
