import type { EChartsOption, LineSeriesOption } from "echarts";
import type { PackedRun } from "../../format/packedRun.ts";
import type { SeriesColumns } from "./seriesColumns.ts";

/** One drawn line: a column of each source, its legend label and its colour slot. */
export interface ChartLine {
  readonly key: string;
  readonly label: string;
  /** Lines that share a slot share a colour (a band's two edges, a metric and its `_max`). */
  readonly colorSlot: number;
  /** A `_max` sibling: drawn thinner and fainter than its metric. */
  readonly faint?: boolean;
}

/** A shaded band between two of the chart's lines. */
export interface ChartBand {
  readonly low: string;
  readonly high: string;
  readonly colorSlot: number;
  /** The band's legend name; a line's label here makes one legend entry toggle both. "band" when absent. */
  readonly label?: string;
}

/**
 * The chart's x axis: a run's charts plot against `step`; a sweep's against a swept key,
 * on a value axis when every value is a number (spaced by value, as W&B plots a swept
 * parameter) and on a category axis otherwise.
 */
export interface ChartXAxis {
  /** The column the x values are in. */
  readonly key: string;
  /** The axis's name under it, and the tooltip's heading. */
  readonly name: string;
  readonly categorical: boolean;
}

/** A run's x axis: the step. */
export const STEP_X_AXIS: ChartXAxis = { key: "step", name: "step", categorical: false };

/** What one chart draws, independent of the data: the chart description. */
export interface ChartSpec {
  /** The metric or pattern the chart shows (the element's `data-metric`). */
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly lines: readonly ChartLine[];
  readonly bands: readonly ChartBand[];
  /** The x axis; a run's step when absent. */
  readonly x?: ChartXAxis;
  /**
   * A few points per line (a sweep's x values): each point drawn as a marker, every
   * point kept (no sampling) and no zoom slider. A run's long lines are plain lines.
   */
  readonly points?: boolean;
}

/** A chart's data by column: a run's SeriesColumns, or a sweep chart's x values (numbers or category names) and its lines. */
export type ChartColumns = Readonly<Record<string, readonly (number | string | null)[]>>;

/** One series of lines on the chart: a run (or a rank of it, or a golden file). */
export interface ChartSource {
  readonly label: string;
  readonly columns: SeriesColumns | ChartColumns;
  /** A long run's every value, when `columns` is its summary: the page draws its zoom windows from them. */
  readonly packed?: PackedRun;
}

/** What is drawn on top of the lines: thresholds, step markers and shaded step windows. */
export interface ChartMarks {
  readonly name: string;
  readonly thresholds: readonly { readonly y: number; readonly label: string; readonly passed: boolean }[];
  readonly steps: readonly { readonly x: number; readonly label: string; readonly passed: boolean }[];
  readonly windows: readonly { readonly from: number; readonly to: number; readonly label: string }[];
}

export interface ChartOptionSettings {
  /** The page's chart (zoom slider, tooltip) rather than a static image. */
  readonly interactive: boolean;
  /** The width the chart is laid out for: the subtitle and legend wrap to it. */
  readonly widthPx: number;
}

/** A chart option and the height it needs for its wrapped subtitle and legend. */
export interface ChartPanel {
  readonly option: EChartsOption;
  readonly heightPx: number;
}

const PLOT_HEIGHT_PX = 280;
const TITLE_PX = 34;
const TEXT_ROW_PX = 15;
/** A legend row: ECharts spaces wrapped legend rows by the same itemGap as the entries. */
const LEGEND_TEXT_PX = 14;
/** About how wide a character of the 11px legend and subtitle text is, for wrapping estimates. */
const CHAR_PX = 6.3;

/** Tableau 10: ten colours that stay distinct for most colour-blind readers. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"] as const;
const DASHES = ["solid", "dashed", "dotted"] as const;
export const PASS_COLOR = "#2e7d32";
export const FAIL_COLOR = "#c62828";
/** Band fill series carry this id prefix: the page's tooltip leaves them out. */
export const BAND_FILL_ID_PREFIX = "band-fill:";

/** The column holding `high - low` of a band, which the stacked fill draws. */
export function bandHeightKey(band: Pick<ChartBand, "low" | "high">): string {
  return `${band.high} - ${band.low}`;
}

/** Adds each band's height column to `columns` (in place: the columns are shared by every chart of a run). */
export function addBandHeights(columns: Record<string, readonly (number | string | null)[]>, bands: readonly Pick<ChartBand, "low" | "high">[]): void {
  for (const band of bands) {
    const key = bandHeightKey(band);
    if (key in columns) continue;
    const low = columns[band.low];
    const high = columns[band.high];
    if (low === undefined || high === undefined) continue;
    columns[key] = low.map((value, index) => {
      const top = high[index];
      return typeof value !== "number" || typeof top !== "number" ? null : top - value;
    });
  }
}

/**
 * The ECharts option of one chart: the one chart description that both the page and
 * the static SVG render. Each source is a dataset; each (source, line) a line series
 * that reads its column. Colours: when the chart has one colour slot (one metric, or
 * one band), each source gets its own colour; otherwise each slot does and the
 * sources differ by dash (solid, dashed, dotted). Display decimation is ECharts' LTTB
 * sampling; the data handed over is every value.
 */
export function chartOption(spec: ChartSpec, sources: readonly ChartSource[], marks: readonly ChartMarks[], settings: ChartOptionSettings): EChartsOption {
  return chartPanel(spec, sources, marks, settings).option;
}

/** chartOption, with the height the chart needs at `settings.widthPx`: its series, its layout, then the option that holds them. */
export function chartPanel(spec: ChartSpec, sources: readonly ChartSource[], marks: readonly ChartMarks[], settings: ChartOptionSettings): ChartPanel {
  const x = spec.x ?? STEP_X_AXIS;
  const points = spec.points === true;
  const drawn = seriesOf(spec, sources, marks);
  const layout = layoutOf(spec, drawn.legend, settings);
  const option: EChartsOption = {
    animation: false,
    backgroundColor: "#ffffff",
    color: [...PALETTE],
    textStyle: { fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif" },
    title: {
      text: spec.title,
      subtext: spec.subtitle ?? "",
      left: 12,
      top: 6,
      itemGap: 6,
      textStyle: { fontSize: 14, fontWeight: "bold" },
      subtextStyle: { fontSize: 11, color: "#444", lineHeight: TEXT_ROW_PX, width: layout.textWidthPx, overflow: "break" },
    },
    legend: { type: "plain", bottom: layout.zoom ? 32 : 4, left: 12, right: 12, data: drawn.legend, textStyle: { fontSize: 11 }, itemHeight: 8, itemGap: layout.legendGap },
    grid: { left: 64, right: 24, top: layout.top, bottom: layout.bottom, containLabel: false },
    tooltip: settings.interactive ? { trigger: "axis", axisPointer: { type: "line" }, confine: true, order: "seriesDesc" } : { show: false },
    xAxis: xAxisOf(x, points, drawn.xRange, points && !x.categorical ? numericXValues(sources, x) : []),
    yAxis: { type: "value", scale: true, axisLabel: { hideOverlap: true }, splitLine: { lineStyle: { color: "#eee" } } },
    dataZoom: layout.zoom
      ? [
          { type: "inside", xAxisIndex: 0, filterMode: "none" },
          { type: "slider", xAxisIndex: 0, filterMode: "none", height: 18, bottom: 8 },
        ]
      : [],
    dataset: sources.map((source) => ({ source: pickColumns(source.columns, spec) })),
    series: drawn.series,
  };
  return { option, heightPx: layout.top + PLOT_HEIGHT_PX + layout.bottom };
}

/** A chart's series in drawing order, its legend (lines, then band fills, then marks) and the range its x values span. */
interface ChartSeries {
  readonly series: LineSeriesOption[];
  readonly legend: string[];
  readonly xRange: readonly [number, number];
}

/**
 * Every source's band fills and lines, then the marks. Colours: when the chart has one
 * colour slot (one metric, or one band), each source gets its own colour; otherwise each
 * slot does and the sources differ by dash. The first source is solid and drawn on top;
 * later ones (a baseline, a golden file) dashed, then dotted, beneath it.
 */
function seriesOf(spec: ChartSpec, sources: readonly ChartSource[], marks: readonly ChartMarks[]): ChartSeries {
  const x = spec.x ?? STEP_X_AXIS;
  const colorBySource = new Set(spec.lines.map((line) => line.colorSlot)).size <= 1;
  const series: LineSeriesOption[] = [];
  const legend: string[] = [];
  // Band fills follow the lines in the legend: the lines are what a reader looks for.
  const bandNames: string[] = [];
  let firstStep = Infinity;
  let lastStep = -Infinity;
  sources.forEach((source, sourceIndex) => {
    // The x values are ascending (steps, or a sweep's sorted numeric values): the first and last bound the axis.
    const steps = source.columns[x.key] ?? [];
    if (!x.categorical && steps.length > 0) {
      firstStep = Math.min(firstStep, steps[0] as number);
      lastStep = Math.max(lastStep, steps[steps.length - 1] as number);
    }
    const style: SourceStyle = {
      sourceIndex,
      colorOf: (slot) => PALETTE[(colorBySource ? sourceIndex : slot) % PALETTE.length] as string,
      dash: DASHES[sourceIndex % DASHES.length] as (typeof DASHES)[number],
      z: 2 + sources.length - sourceIndex,
    };
    for (const band of spec.bands) {
      if (!(band.low in source.columns) || !(bandHeightKey(band) in source.columns)) continue;
      const name = sources.length === 1 ? (band.label ?? "band") : `${source.label} · ${band.label ?? "band"}`;
      series.push(...bandFillSeries(band, name, x, style));
      if (!legend.includes(name)) bandNames.push(name);
    }
    for (const line of spec.lines) {
      if (!(line.key in source.columns)) continue;
      const name = sources.length === 1 ? line.label : spec.lines.length === 1 ? source.label : `${source.label} · ${line.label}`;
      series.push(lineSeries(line, name, x, spec.points === true, style));
      legend.push(name);
    }
  });
  legend.push(...bandNames.filter((name) => !legend.includes(name)));
  for (const mark of marks) {
    series.push(marksSeries(mark));
    legend.push(mark.name);
  }
  return { series, legend, xRange: Number.isFinite(firstStep) ? [firstStep, lastStep] : [0, 1] };
}

/** How one source's series look: its colour for a slot, its dash and its depth. */
interface SourceStyle {
  readonly sourceIndex: number;
  readonly colorOf: (slot: number) => string;
  readonly dash: (typeof DASHES)[number];
  readonly z: number;
}

/** A band as two stacked, invisible lines (its low edge, then its height) whose upper one fills down to the lower. */
function bandFillSeries(band: ChartBand, name: string, x: ChartXAxis, style: SourceStyle): LineSeriesOption[] {
  const stack = `band ${style.sourceIndex} ${band.low}`;
  const fill = {
    type: "line" as const,
    datasetIndex: style.sourceIndex,
    stack,
    name,
    showSymbol: false,
    symbol: "none",
    silent: true,
    sampling: "average" as const,
    lineStyle: { opacity: 0 },
    emphasis: { disabled: true },
  };
  return [
    { ...fill, id: `${BAND_FILL_ID_PREFIX}${style.sourceIndex}:${band.low}:base`, encode: { x: x.key, y: band.low } },
    {
      ...fill,
      id: `${BAND_FILL_ID_PREFIX}${style.sourceIndex}:${band.low}:height`,
      encode: { x: x.key, y: bandHeightKey(band) },
      areaStyle: { color: style.colorOf(band.colorSlot), opacity: 0.18 },
    },
  ];
}

/** One line of one source: LTTB-sampled for a run's long lines, every point marked for a sweep's few. */
function lineSeries(line: ChartLine, name: string, x: ChartXAxis, points: boolean, style: SourceStyle): LineSeriesOption {
  const color = style.colorOf(line.colorSlot);
  return {
    type: "line",
    id: `line:${style.sourceIndex}:${line.key}`,
    name,
    datasetIndex: style.sourceIndex,
    encode: { x: x.key, y: line.key },
    showSymbol: points,
    ...(points ? { symbolSize: 7 } : { sampling: "lttb" as const }),
    connectNulls: false,
    color,
    z: style.z,
    lineStyle: { color, type: style.dash, width: line.faint ? 1 : 2, opacity: line.faint ? 0.55 : 1 },
    emphasis: { focus: "none" },
  };
}

/** Where the plot sits: room above it for the title and the wrapped subtitle, below it for the axis, the wrapped legend and the page's zoom slider. */
function layoutOf(
  spec: ChartSpec,
  legend: readonly string[],
  settings: ChartOptionSettings,
): { textWidthPx: number; legendGap: number; zoom: boolean; top: number; bottom: number } {
  const textWidthPx = settings.widthPx - 24;
  const subtitleRows = spec.subtitle === undefined ? 0 : spec.subtitle.split("\n").reduce((rows, line) => rows + Math.max(1, Math.ceil((line.length * CHAR_PX) / textWidthPx)), 0);
  const legendGap = settings.interactive ? 12 : 22;
  const zoom = settings.interactive && spec.points !== true;
  const top = TITLE_PX + 8 + TEXT_ROW_PX * subtitleRows;
  // Below the plot: the step axis's labels and name (about 40px), the legend, and in the page the zoom slider.
  const bottom = (zoom ? 70 : 44) + (LEGEND_TEXT_PX + legendGap) * rowsOf(legend, textWidthPx, legendGap);
  return { textWidthPx, legendGap, zoom, top, bottom };
}

/** Every numeric x value of the sources, sorted: a sweep's swept values, each given a tick. */
function numericXValues(sources: readonly ChartSource[], x: ChartXAxis): number[] {
  return [...new Set(sources.flatMap((source) => (source.columns[x.key] ?? []).filter((value): value is number => typeof value === "number")))].sort((a, b) => a - b);
}

/** The x axis: categories; a sweep's values, each ticked, with a margin so the end markers are whole; or a run's steps, first to last. */
function xAxisOf(x: ChartXAxis, points: boolean, [first, last]: readonly [number, number], xValues: readonly number[]): EChartsOption["xAxis"] {
  if (x.categorical) return { type: "category", name: x.name, nameLocation: "middle", nameGap: 24, boundaryGap: false, axisLabel: { hideOverlap: true } };
  if (points) {
    return {
      type: "value",
      name: x.name,
      nameLocation: "middle",
      nameGap: 24,
      min: first - (last - first) * 0.04,
      max: last + (last - first) * 0.04,
      axisTick: { customValues: [...xValues] },
      axisLabel: { customValues: [...xValues], hideOverlap: true },
      splitLine: { show: false },
    };
  }
  return { type: "value", name: x.name, nameLocation: "middle", nameGap: 24, min: first, max: last, axisLabel: { hideOverlap: true }, splitLine: { show: false } };
}

/** The columns a chart reads: the same arrays, so the page stores each column once. */
function pickColumns(columns: SeriesColumns | ChartColumns, spec: ChartSpec): ChartColumns {
  const xKey = (spec.x ?? STEP_X_AXIS).key;
  const picked: Record<string, readonly (number | string | null)[]> = { [xKey]: columns[xKey] ?? [] };
  const keys = [...spec.lines.map((line) => line.key), ...spec.bands.flatMap((band) => [band.low, bandHeightKey(band)])];
  for (const key of keys) {
    const column = columns[key];
    if (column !== undefined) picked[key] = column;
  }
  return picked;
}

/** Marks ride on a series of their own, so that a legend click hides them like a line. */
function marksSeries(marks: ChartMarks): LineSeriesOption {
  const color = (passed: boolean) => (passed ? PASS_COLOR : FAIL_COLOR);
  return {
    type: "line",
    id: `marks:${marks.name}`,
    name: marks.name,
    data: [],
    color: marks.thresholds.some((t) => !t.passed) || marks.steps.some((s) => !s.passed) ? FAIL_COLOR : PASS_COLOR,
    markLine: {
      silent: true,
      symbol: "none",
      data: [
        ...marks.thresholds.map((t) => ({
          yAxis: t.y,
          name: t.label,
          lineStyle: { color: color(t.passed), type: "dashed" as const, width: 1.5 },
          label: { formatter: t.label, position: "insideEndTop" as const, color: color(t.passed), fontSize: 11 },
        })),
        ...marks.steps.map((s) => ({
          xAxis: s.x,
          name: s.label,
          lineStyle: { color: color(s.passed), type: "solid" as const, width: 1.5 },
          label: { formatter: s.label, position: "insideEndTop" as const, color: color(s.passed), fontSize: 11 },
        })),
      ],
    },
    markArea: {
      silent: true,
      itemStyle: { color: "rgba(120, 120, 160, 0.10)" },
      label: { color: "#555", fontSize: 10, position: "insideTop" },
      data: marks.windows.map((w) => [{ xAxis: w.from, name: w.label }, { xAxis: w.to }]),
    },
  };
}

/** About how many rows the legend wraps into at `widthPx`: each entry is its icon, its text and a gap. */
function rowsOf(names: readonly string[], widthPx: number, gapPx: number): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const entry = 30 + gapPx + name.length * CHAR_PX;
    if (used > 0 && used + entry > widthPx) {
      rows++;
      used = 0;
    }
    used += entry;
  }
  return rows;
}
