import { alignColumns } from "../../format/alignColumns.ts";
import type { SweepChart } from "./sweepChart.ts";

/**
 * A sweep chart as a text table: one row per x value, one column per line, each cell the
 * mean with its min..max range in brackets when the configs averaged over differ.
 */
export function formatSweepChart(chart: SweepChart): string {
  const cell = (series: SweepChart["series"][number], i: number): string => {
    const mean = series.mean[i];
    if (mean === null || mean === undefined) return "-";
    const min = series.min[i] as number;
    const max = series.max[i] as number;
    const shown = Number.isInteger(mean) ? String(mean) : mean.toFixed(2);
    return min === max ? shown : `${shown} [${min}..${max}]`;
  };
  const rows = [[chart.xAxis, ...chart.series.map((s) => s.name)], ...chart.x.map((x, i) => [x, ...chart.series.map((s) => cell(s, i))])];
  const right = new Set(chart.series.map((_, i) => i + 1));
  return [chart.title, ...alignColumns(rows, { rightAligned: right, ruleUnderHeader: true })].join("\n") + "\n";
}
