/**
 * The report page's own script, as a module the compiler and the linter read. It runs in
 * the browser, inlined into the page after echarts.min.js (reportClientScript.ts turns
 * these functions into the page's text), so every function here is self-contained: it
 * may call the others in this file and the browser's globals, and nothing imported at
 * run time (the imports are types only).
 *
 * What it does: reads the report's data from the JSON script tag and puts each chart's
 * columns back in place (the page stores each column once; a chart's dataset names them
 * as {"$col": n}); draws every chart with ECharts' SVG renderer (after LTTB sampling a
 * line is about as many points as the chart is pixels wide, and the chart is DOM that a
 * reader or a test can inspect); adds the tooltip that lists the step and each line's
 * value; switches a chart's view (cluster, band over ranks, a rank) from its select.
 *
 * A long run (docs/report.md, "Long runs") comes as a summary and its packed columns:
 * the page paints the summary first, decodes the packed columns in the background (a
 * column per task), and from then on draws each chart's zoom window from them (a chart
 * when it comes near the viewport, one per task, or when it is zoomed): every step when
 * the window is about as many steps as the chart is pixels wide, else the minimum and
 * maximum of each pixel's steps, read from a 64-step level when the buckets are wider
 * than that.
 *
 * When every chart has drawn it sets `data-ready` on <body>, and `data-detail` once the
 * packed columns are decoded, which the browser tests and the bench wait for.
 */
import type { EChartsOption, EChartsType } from "echarts";
import type { PackedRun } from "../../../format/packedRun.ts";

type Column = (number | string | null)[];
type Source = Record<string, Column>;

interface PageDataset {
  source: Record<string, Column | { $col: number }>;
  /** The index of the dataset's long run in the page's `packed` list. */
  packed?: number;
}

interface PageView {
  name: string;
  option: EChartsOption & { dataset?: PageDataset[] };
}

interface PageData {
  charts: { heightPx: number; views: PageView[] }[];
  columns: Column[];
  packed?: PackedRun[];
}

/** A long run's columns, decoded: one value per step (NaN where a step has none), and each column's 64-step minimum and maximum. */
export interface DecodedRun {
  firstStep: number;
  count: number;
  columns: Map<string, Float64Array>;
  levels: Map<string, { min: Float64Array; max: Float64Array }>;
}

/** A series of a resolved option, as much of it as the page reads. */
interface PageSeries {
  id?: string;
  name?: string;
  color?: string;
  datasetIndex?: number;
  encode?: { x: string; y: string };
}

interface ResolvedOption {
  xAxis: { type?: string; name?: string; min?: number; max?: number };
  series: PageSeries[];
  dataset: { source: Source; packed?: number }[];
  tooltip?: object;
}

/** Steps per bucket of a decoded run's first level. */
function levelSteps(): number {
  return 64;
}

function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

function formatNumber(value: unknown): string {
  if (typeof value !== "number" || value !== value) return "–";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** The index of the value nearest to `x` in an ascending column (-1 when empty). */
function nearestIndex(xs: Column, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((xs[lo - 1] as number) - x) <= Math.abs((xs[lo] as number) - x)) lo -= 1;
  return lo;
}

/** A page view's option with its datasets' columns put back in place. */
function resolveOption(option: PageView["option"], columns: Column[]): ResolvedOption {
  for (const dataset of option.dataset ?? []) {
    const source: Source = {};
    for (const key of Object.keys(dataset.source)) {
      const ref = dataset.source[key];
      source[key] = ref !== undefined && !Array.isArray(ref) ? (columns[ref.$col] as Column) : (ref as Column);
    }
    dataset.source = source;
  }
  return option as unknown as ResolvedOption;
}

/** The band-fill series (`:base` or `:height`) that belongs to a line of the same legend name, if any. */
function bandFillOf(option: ResolvedOption, line: PageSeries, suffix: string, bandFill: string): PageSeries | undefined {
  return option.series.find((series) => {
    const id = String(series.id);
    return id.indexOf(bandFill) === 0 && id.slice(-suffix.length) === suffix && series.name === line.name && series.datasetIndex === line.datasetIndex;
  });
}

/**
 * The value of a line at a step: from a long run's decoded columns when its dataset has
 * them (exact at every step, whatever the zoom), else from the drawn data. The drawn data
 * is read rather than ECharts' sampled points: after LTTB the lines keep different steps.
 */
function valueAt(option: ResolvedOption, series: PageSeries, step: unknown, decoded: (DecodedRun | undefined)[], categorical: boolean): number | null {
  const dataset = option.dataset[series.datasetIndex ?? 0];
  const encode = series.encode;
  if (dataset === undefined || encode === undefined) return null;
  const run = dataset.packed === undefined ? undefined : decoded[dataset.packed];
  const raw = run?.columns.get(encode.y);
  if (run !== undefined && raw !== undefined && typeof step === "number") {
    const value = raw[step - run.firstStep];
    return value === undefined || value !== value ? null : value;
  }
  const xs = dataset.source[encode.x] ?? [];
  const at = categorical ? xs.indexOf(step as string) : nearestIndex(xs, Number(step));
  const column = dataset.source[encode.y];
  const value = at >= 0 && xs[at] === step && column ? column[at] : null;
  return typeof value === "number" ? value : null;
}

/**
 * The tooltip: the hovered x (the step for a run, a swept key for a sweep, a category when
 * its values are not numbers) and every visible line's value there, with a band's range
 * when a line shares its legend name with one (a sweep's mean over seeds).
 */
function tooltipFor(option: ResolvedOption, hidden: Record<string, boolean>, bandFill: string, decoded: (DecodedRun | undefined)[]): (params: unknown) => string {
  const categorical = option.xAxis.type === "category";
  const xName = option.xAxis.name;
  return (params: unknown): string => {
    const list = ([] as { axisValue?: unknown }[]).concat(params as { axisValue?: unknown }[]);
    const first = list[0];
    if (first === undefined || option.dataset.length === 0) return "";
    const xKey = option.series.find((series) => series.encode !== undefined)?.encode?.x ?? "step";
    const xs = (option.dataset[0] as { source: Source }).source[xKey] ?? [];
    const index = categorical ? xs.indexOf(first.axisValue as string) : nearestIndex(xs, Number(first.axisValue));
    if (index < 0) return "";
    // A run's x is a step: the hovered step itself, which a long run's decoded columns hold exactly.
    const step = categorical ? xs[index] : decoded.length > 0 && xKey === "step" ? Math.round(Number(first.axisValue)) : xs[index];
    const shown = typeof step === "number" ? formatNumber(step) : String(step);
    let html = '<div class="tt-step">' + escapeHtml(xName === "step" ? "step " + shown : xName + " = " + shown) + "</div>";
    for (const series of option.series) {
      if (series.encode === undefined || String(series.id).indexOf(bandFill) === 0 || hidden[String(series.name)]) continue;
      const value = valueAt(option, series, step, decoded, categorical);
      let range = "";
      const base = bandFillOf(option, series, ":base", bandFill);
      const height = bandFillOf(option, series, ":height", bandFill);
      if (base !== undefined && height !== undefined) {
        const low = valueAt(option, base, step, decoded, categorical);
        const size = valueAt(option, height, step, decoded, categorical);
        if (low !== null && size !== null) range = ' <span class="tt-range">[' + escapeHtml(formatNumber(low)) + "–" + escapeHtml(formatNumber(low + size)) + "]</span>";
      }
      html +=
        '<div class="tt-row"><span class="tt-dot" style="background:' +
        escapeHtml(series.color) +
        '"></span><span class="tt-name">' +
        escapeHtml(series.name) +
        '</span><span class="tt-value">' +
        escapeHtml(formatNumber(value)) +
        range +
        "</span></div>";
    }
    return html;
  };
}

/** base64 to bytes. */
function bytesOfBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Inflates one packed block (raw deflate) with the browser's own DecompressionStream. */
async function inflate(bytes: Uint8Array): Promise<ArrayBuffer> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).arrayBuffer();
}

/**
 * Resolves in a task of its own (a MessageChannel message, which setTimeout's 4 ms clamp
 * does not delay), so that the input and the frames queued meanwhile come first.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A long run's packed columns as numbers, and their 64-step level (packedRun.ts has the
 * format). Each column is put together in a task of its own: all of them at once held the
 * main thread for about 200 ms of a million-step run, during which a zoom or a hover waited.
 */
export async function decodeRun(packed: PackedRun): Promise<DecodedRun> {
  const columns = new Map<string, Float64Array>();
  const levels = new Map<string, { min: Float64Array; max: Float64Array }>();
  const keys = Object.keys(packed.columns);
  // Every block inflates at once (the browser does it off the main thread), then each column is put together in order.
  const buffers = await Promise.all(keys.map((key) => Promise.all((packed.columns[key] ?? []).map((block) => inflate(bytesOfBase64(block.data))))));
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    await nextTask();
    const key = keys[keyIndex] as string;
    const values = new Float64Array(packed.count);
    let at = 0;
    (packed.columns[key] ?? []).forEach((block, blockIndex) => {
      const buffer = (buffers[keyIndex] as ArrayBuffer[])[blockIndex] as ArrayBuffer;
      if (block.encoding === "int32-delta") {
        const deltas = new Int32Array(buffer);
        let value = 0;
        // Wrapping 32-bit sums: the values are 32-bit integers, so a difference that wrapped when packed unwraps here.
        for (let i = 0; i < deltas.length; i++) values[at++] = value = (value + (deltas[i] as number)) | 0;
      } else {
        const floats = new Float64Array(buffer);
        values.set(floats, at);
        at += floats.length;
      }
    });
    columns.set(key, values);
    levels.set(key, levelOf(values));
  }
  return { firstStep: packed.firstStep, count: packed.count, columns, levels };
}

/** Each 64 steps' minimum and maximum (NaN when none of them has a value). */
function levelOf(values: Float64Array): { min: Float64Array; max: Float64Array } {
  const size = levelSteps();
  const buckets = Math.ceil(values.length / size);
  const min = new Float64Array(buckets).fill(NaN);
  const max = new Float64Array(buckets).fill(NaN);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value !== value) continue;
    const b = (i / size) | 0;
    if (!(value >= (min[b] as number))) min[b] = value;
    if (!(value <= (max[b] as number))) max[b] = value;
  }
  return { min, max };
}

/** The lowest and highest value of steps [from, to) (indices into the run), from the 64-step level where whole buckets fit. */
function rangeOf(run: DecodedRun, key: string, from: number, to: number): [number, number] {
  const values = run.columns.get(key) as Float64Array;
  const level = run.levels.get(key) as { min: Float64Array; max: Float64Array };
  const size = levelSteps();
  let low = NaN;
  let high = NaN;
  let i = from;
  while (i < to) {
    if (i % size === 0 && i + size <= to) {
      const b = i / size;
      const bucketMin = level.min[b] as number;
      const bucketMax = level.max[b] as number;
      if (!(bucketMin >= low)) low = bucketMin === bucketMin ? bucketMin : low;
      if (!(bucketMax <= high)) high = bucketMax === bucketMax ? bucketMax : high;
      i += size;
      continue;
    }
    const value = values[i] as number;
    if (value === value) {
      if (!(value >= low)) low = value;
      if (!(value <= high)) high = value;
    }
    i++;
  }
  return [low, high];
}

/**
 * A dataset's columns for the steps `fromStep..toStep` of a long run: every step when they
 * are at most two per pixel, else per bucket of steps two points, the bucket's minimum at
 * its first step and its maximum at its last, which draws every spike the steps hold. A
 * band's height column (`high - low`) is worked out from its edges at each point.
 */
export function windowSource(run: DecodedRun, keys: string[], fromStep: number, toStep: number, widthPx: number): Source {
  const from = Math.max(0, Math.floor(fromStep) - run.firstStep);
  const to = Math.min(run.count, Math.ceil(toStep) - run.firstStep + 1);
  const steps = Math.max(0, to - from);
  const bucket = steps <= 2 * widthPx ? 1 : Math.ceil(steps / widthPx);
  const source: Source = { step: [] };
  const stepColumn = source.step as Column;
  // A band's height column (`<high> - <low>`) is not packed: its edges are, and are read for it.
  const edges = keys.flatMap((key) => (run.columns.has(key) ? [] : key.split(" - "))).filter((key) => run.columns.has(key));
  const raw = [...new Set([...keys.filter((key) => run.columns.has(key)), ...edges])];
  for (const key of raw) source[key] = [];
  for (let start = from; start < to; start += bucket) {
    const end = Math.min(to, start + bucket);
    if (bucket === 1) {
      // A step without a row (between the rows of a run written with metrics_every > 1) is left out, so that the lines join its neighbours.
      if (raw.length > 0 && raw.every((key) => Number.isNaN((run.columns.get(key) as Float64Array)[start]))) continue;
      stepColumn.push(run.firstStep + start);
      for (const key of raw) {
        const value = (run.columns.get(key) as Float64Array)[start] as number;
        (source[key] as Column).push(value === value ? value : null);
      }
      continue;
    }
    stepColumn.push(run.firstStep + start, run.firstStep + end - 1);
    for (const key of raw) {
      const [low, high] = rangeOf(run, key, start, end);
      (source[key] as Column).push(low === low ? low : null, high === high ? high : null);
    }
  }
  for (const key of keys) {
    if (key in source) continue;
    const parts = key.split(" - ");
    const high = source[parts[0] as string];
    const low = source[parts[1] as string];
    source[key] =
      high !== undefined && low !== undefined
        ? high.map((value, i) => (typeof value === "number" && typeof low[i] === "number" ? value - (low[i] as number) : null))
        : stepColumn.map(() => null);
  }
  return source;
}

/** The steps the chart's zoom shows: its axis bounds narrowed by the dataZoom's percentages. */
function zoomWindow(instance: EChartsType, option: ResolvedOption): [number, number] {
  const min = Number(option.xAxis.min);
  const max = Number(option.xAxis.max);
  const zoom = ((instance.getOption() as { dataZoom?: { start?: number; end?: number }[] }).dataZoom ?? [])[0];
  const start = zoom?.start ?? 0;
  const end = zoom?.end ?? 100;
  return [min + ((max - min) * start) / 100, min + ((max - min) * end) / 100];
}

/** Redraws a chart's long-run datasets for its zoom window, once their columns are decoded; says whether it did. */
function refine(instance: EChartsType, option: ResolvedOption, decoded: (DecodedRun | undefined)[]): boolean {
  if (!option.dataset.some((dataset) => dataset.packed !== undefined && decoded[dataset.packed] !== undefined)) return false;
  const [fromStep, toStep] = zoomWindow(instance, option);
  const widthPx = Math.max(200, instance.getWidth() - 90);
  const datasets = option.dataset.map((dataset) => {
    const run = dataset.packed === undefined ? undefined : decoded[dataset.packed];
    if (run === undefined) return { source: dataset.source };
    return {
      source: windowSource(
        run,
        Object.keys(dataset.source).filter((key) => key !== "step"),
        fromStep,
        toStep,
        widthPx,
      ),
    };
  });
  instance.setOption({ dataset: datasets } as EChartsOption, { lazyUpdate: false });
  return true;
}

/** A chart on the page, as the page's entry point drives it. */
interface MountedChart {
  figure: Element;
  instance: EChartsType;
  /** Draws its long-run datasets for its zoom window from the decoded columns, unless a zoom or a view switch already has (nothing when it has none). */
  refresh: () => void;
}

/** One chart: draws its first view, follows its select, its legend and its zoom. */
function mountChart(
  figure: Element,
  views: PageView[],
  columns: Column[],
  bandFill: string,
  decoded: (DecodedRun | undefined)[],
  echartsGlobal: { init: (element: HTMLElement, theme: null, options: { renderer: "svg" }) => EChartsType },
): MountedChart {
  const plot = figure.querySelector(".chart-plot") as HTMLElement;
  const instance = echartsGlobal.init(plot, null, { renderer: "svg" });
  const resolved: Record<number, ResolvedOption> = {};
  const hidden: Record<string, boolean> = {};
  let current = 0;
  // Whether the view shown is drawn from the decoded columns yet (a zoom or a view switch after they came draws it so).
  let detailed = false;
  const redraw = (): void => {
    detailed = refine(instance, resolved[current] as ResolvedOption, decoded);
  };
  instance.on("legendselectchanged", (event) => {
    const selected = (event as { selected: Record<string, boolean> }).selected;
    for (const name of Object.keys(selected)) hidden[name] = !selected[name];
  });
  const show = (index: number): void => {
    if (!(index in resolved)) {
      const option = resolveOption((views[index] as PageView).option, columns);
      option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltipFor(option, hidden, bandFill, decoded) });
      resolved[index] = option;
    }
    current = index;
    for (const name of Object.keys(hidden)) delete hidden[name];
    instance.setOption(resolved[index] as unknown as EChartsOption, { notMerge: true });
    figure.setAttribute("data-view", (views[index] as PageView).name);
    redraw();
  };
  show(0);
  instance.on("datazoom", redraw);
  const select = figure.querySelector("select.chart-view") as HTMLSelectElement | null;
  select?.addEventListener("change", () => show(Number(select.value)));
  return {
    figure,
    instance,
    refresh: () => {
      if (!detailed) redraw();
    },
  };
}

declare global {
  /** The chart engine, which the page loads as a plain script before this one (renderReportPage.ts). */
  interface Window {
    readonly echarts: Parameters<typeof mountChart>[5];
  }
}

/** The page's entry point: every chart drawn from the summary, then the long runs decoded and the charts redrawn from them. */
export function reportClient(bandFill: string): void {
  const echartsGlobal = window.echarts;
  const data = JSON.parse((document.getElementById("report-data") as HTMLElement).textContent as string) as PageData;
  const decoded: (DecodedRun | undefined)[] = (data.packed ?? []).map(() => undefined);
  const charts: MountedChart[] = [];
  document.querySelectorAll("figure.chart").forEach((figure) => {
    const chartData = data.charts[Number(figure.getAttribute("data-chart"))] as PageData["charts"][number];
    charts.push(mountChart(figure, chartData.views, data.columns, bandFill, decoded, echartsGlobal));
  });
  window.addEventListener("resize", () => {
    for (const chart of charts) chart.instance.resize();
  });
  document.body.setAttribute("data-ready", "true");
  if (decoded.length === 0) return;
  // After the first paint: the long runs' columns, then each chart at full detail for its window when it comes near the viewport.
  void Promise.all((data.packed ?? []).map((packed) => decodeRun(packed))).then((runs) => {
    runs.forEach((run, index) => (decoded[index] = run));
    refreshNearViewport(charts);
    document.body.setAttribute("data-detail", "true");
  });
}

/**
 * Calls `resume` once the user has left the page alone for a quarter of a second: no
 * pointer, wheel or key event and no chart zoomed. `busy()` says whether they have not.
 */
function watchInteraction(charts: MountedChart[], resume: () => void): { busy: () => boolean; stop: () => void } {
  const events = ["pointermove", "pointerdown", "wheel", "keydown"];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const interacted = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      resume();
    }, 250);
  };
  for (const type of events) document.addEventListener(type, interacted, { capture: true, passive: true });
  for (const chart of charts) chart.instance.on("datazoom", interacted);
  return {
    busy: () => timer !== undefined,
    stop: () => {
      clearTimeout(timer);
      for (const type of events) document.removeEventListener(type, interacted, { capture: true });
      for (const chart of charts) chart.instance.off("datazoom", interacted);
    },
  };
}

/**
 * Redraws each of `charts` from the decoded columns when it comes within half a viewport
 * of the viewport, one chart per task, and none while the user is zooming, hovering or
 * scrolling (watchInteraction). Redrawing every chart at once, off-screen ones included,
 * held the main thread for about 100 ms and gave the browser every chart to paint again
 * just as the page became usable; now a zoom or a hover (which draw their own chart) wait
 * for one chart's redraw at most, and only when it had begun before them.
 */
function refreshNearViewport(charts: MountedChart[]): void {
  if (charts.length === 0) return;
  const queue: MountedChart[] = [];
  let left = charts.length;
  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    while (queue.length > 0 && !interaction.busy()) {
      await nextTask();
      if (interaction.busy()) break;
      (queue.shift() as MountedChart).refresh();
      if (--left === 0) {
        observer.disconnect();
        interaction.stop();
      }
    }
    draining = false;
  };
  const interaction = watchInteraction(charts, () => void drain());
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const chart = charts.find((candidate) => candidate.figure === entry.target);
        if (!entry.isIntersecting || chart === undefined) continue;
        observer.unobserve(entry.target);
        queue.push(chart);
      }
      void drain();
    },
    { rootMargin: "50% 0px" },
  );
  for (const chart of charts) observer.observe(chart.figure);
}

/** The functions above, in the order the page declares them (reportClientScript.ts inlines each one's text). */
export const REPORT_CLIENT_FUNCTIONS = [
  levelSteps,
  escapeHtml,
  formatNumber,
  nearestIndex,
  resolveOption,
  bandFillOf,
  valueAt,
  tooltipFor,
  bytesOfBase64,
  inflate,
  nextTask,
  decodeRun,
  levelOf,
  rangeOf,
  windowSource,
  zoomWindow,
  refine,
  mountChart,
  watchInteraction,
  refreshNearViewport,
  reportClient,
] as const;
