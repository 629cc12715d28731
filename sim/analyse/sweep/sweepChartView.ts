import { addBandHeights, type ChartBand, type ChartLine } from "../report/chartOption.ts";
import type { ChartView } from "../report/reportDocument.ts";
import type { SweepChart } from "./sweepChart.ts";

/** The band columns of a line: the min and the max over the configs averaged at each point. */
export function bandKeysOf(lineName: string): { low: string; high: string } {
  return { low: `${lineName} min`, high: `${lineName} max` };
}

/**
 * A sweep chart as a report chart view, drawn by the report's own chartOption: one source
 * whose x column is the swept key (numbers on a value axis when every value is a number,
 * otherwise categories), a line of means per series, each point a marker. Where the
 * configs averaged over (seeds, say) differ, a shaded min–max band under the series'
 * own legend name, so that one legend click hides the line and its band together.
 */
export function sweepChartView(chart: SweepChart, subtitle?: string): ChartView {
  const numeric = chart.x.every((value) => value.trim() !== "" && Number.isFinite(Number(value)));
  const columns: Record<string, (number | string | null)[]> = { [chart.xAxis]: numeric ? chart.x.map(Number) : [...chart.x] };
  const lines: ChartLine[] = [];
  const bands: ChartBand[] = [];
  chart.series.forEach((series, index) => {
    columns[series.name] = [...series.mean];
    lines.push({ key: series.name, label: series.name, colorSlot: index });
    if (series.min.some((min, i) => min !== series.max[i])) {
      const { low, high } = bandKeysOf(series.name);
      columns[low] = [...series.min];
      columns[high] = [...series.max];
      bands.push({ low, high, colorSlot: index, label: series.name });
    }
  });
  addBandHeights(columns, bands);
  return {
    name: "sweep",
    spec: {
      id: chart.title,
      title: chart.title,
      ...(subtitle === undefined ? {} : { subtitle }),
      lines,
      bands,
      x: { key: chart.xAxis, name: chart.xAxis, categorical: !numeric },
      points: true,
    },
    sources: [{ label: chart.title, columns }],
    marks: [],
  };
}
