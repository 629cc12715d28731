import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { ExpectationResult } from "../../verify/expect/expectationResult.ts";
import { metricSeries } from "../../verify/expect/metricSeries.ts";
import type { FirstDifference } from "../../verify/golden/goldenComparison.ts";
import { matchesKeyPattern } from "../../format/keyPattern.ts";
import { type ChartGroup, groupMetricKeys, lastSegment } from "../../format/chartGroups.ts";
import { addBandHeights, type ChartBand, type ChartLine, type ChartMarks, type ChartSource, type ChartSpec } from "./chartOption.ts";
import type { PackedRun } from "../../format/packedRun.ts";
import type { ChartView, ReportChart } from "./reportDocument.ts";
import { columnsOf, keysOf, type SeriesColumns } from "./seriesColumns.ts";

/** One run drawn in a block: its legend label, its rows and, when recorded, each rank's rows. */
export interface ChartRun {
  readonly label: string;
  readonly rows: readonly MetricsRow[];
  readonly rankRows?: readonly (readonly MetricsRow[])[];
  /** A long run's every value, when `rows` is its summary (the page zooms into them). */
  readonly packed?: PackedRun;
}

/** An expectation as evaluated on the block's first run, and on the baseline for a signature. */
export interface ExpectationOverlay {
  readonly result: ExpectationResult;
  readonly onBaseline?: ExpectationResult;
}

export interface BlockDecorations {
  readonly expectations?: readonly ExpectationOverlay[];
  /** A golden mismatch's first difference: a marker on every chart, a note on the key's. */
  readonly firstDivergence?: FirstDifference;
}

/** Statistics whose threshold is a value of the metric itself, so it is drawn as a horizontal line. */
const VALUE_STATS: ReadonlySet<string> = new Set(["max", "min", "mean", "last", "p50", "p80", "p90", "p95", "p99"]);
export const EXPECTATIONS_MARKS = "expectations";
export const DIVERGENCE_MARKS = "first divergence";

/**
 * The charts of one block: the runs' keys grouped one chart per metric (chartGroups.ts),
 * each run a source of every chart; an expectation drawn on the chart of its metric (its
 * threshold, window and verdict; a combined or differenced metric as a line of its
 * own); a golden mismatch's first divergent step marked. With per-rank rows, each chart
 * also has the band over ranks and each rank's lines as further views.
 */
export function buildBlockCharts(runs: readonly ChartRun[], decorations: BlockDecorations = {}): ReportChart[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of keysOf(run.rows)) keys.add(key);
  const groups = groupMetricKeys(keys);
  const columns = runs.map((run) => columnsOf(run.rows, keys));

  const extraLines = new Map<number, ChartLine[]>();
  const marks = new Map<
    number,
    { thresholds: ChartMarks["thresholds"][number][]; steps: ChartMarks["steps"][number][]; windows: ChartMarks["windows"][number][]; notes: string[] }
  >();
  const marksOf = (index: number) => {
    let entry = marks.get(index);
    if (entry === undefined) marks.set(index, (entry = { thresholds: [], steps: [], windows: [], notes: [] }));
    return entry;
  };

  for (const overlay of decorations.expectations ?? []) {
    const e = overlay.result.expectation;
    const index = groups.findIndex((group) => group.members.some((member) => matchesKeyPattern(e.metric, member.key)));
    if (index < 0) continue;
    const entry = marksOf(index);
    const verdict = overlay.result.passed ? "✓" : "✗";
    let baseline = "";
    if (overlay.onBaseline !== undefined)
      baseline = ` · baseline ${formatActual(overlay.onBaseline)} (${overlay.onBaseline.passed ? "holds there too: not separated" : "separated"})`;
    entry.notes.push(`${verdict} ${e.signature ? "signature: " : ""}${e.name}: ${e.stat} ${formatActual(overlay.result)}, expected ${e.op} ${e.value}${baseline}`);
    if (e.combine !== undefined || e.minus !== undefined) {
      const key = `expectation: ${e.name}`;
      const label = e.minus !== undefined ? differenceLabel(e.metric, e.minus) : `${e.combine}(${shortPattern(e.metric)})`;
      runs.forEach((run, runIndex) => {
        const series = metricSeries(run.rows, { ...e, steps: undefined });
        const byStep = new Map(series.points.map((point) => [point.step, point.value]));
        (columns[runIndex] as SeriesColumns)[key] = (columns[runIndex] as SeriesColumns).step.map((step) => byStep.get(step) ?? null);
      });
      const lines = extraLines.get(index) ?? [];
      lines.push({ key, label, colorSlot: lines.length });
      extraLines.set(index, lines);
    }
    const short = `${verdict} ${e.stat} ${e.op} ${e.value}`;
    if (VALUE_STATS.has(e.stat)) entry.thresholds.push({ y: e.value, label: short, passed: overlay.result.passed });
    if (e.stat === "first_nonzero_step") entry.steps.push({ x: e.value, label: short, passed: overlay.result.passed });
    if (e.steps !== undefined) entry.windows.push({ from: e.steps[0], to: e.steps[1], label: `steps ${e.steps[0]}..${e.steps[1]}` });
  }

  const divergence = decorations.firstDivergence;
  return groups.map((group, index) => {
    const spec = specOf(group, extraLines.get(index) ?? [], [...(marks.get(index)?.notes ?? []), ...divergenceNote(group, divergence)]);
    for (const column of columns) addBandHeights(column, spec.bands);
    const chartMarks: ChartMarks[] = [];
    const entry = marks.get(index);
    if (entry !== undefined && (entry.thresholds.length > 0 || entry.steps.length > 0 || entry.windows.length > 0)) chartMarks.push({ name: EXPECTATIONS_MARKS, ...entry });
    if (divergence !== undefined)
      chartMarks.push({ name: DIVERGENCE_MARKS, thresholds: [], windows: [], steps: [{ x: divergence.step, label: `first divergence: step ${divergence.step}`, passed: false }] });
    const sources = runs.map((run, runIndex) => ({ label: run.label, columns: columns[runIndex] as SeriesColumns, ...(run.packed !== undefined ? { packed: run.packed } : {}) }));
    const views: ChartView[] = [{ name: "cluster", spec, sources, marks: chartMarks }];
    views.push(...rankViews(group, runs));
    return { id: group.id, section: group.section, views };
  });
}

/** The chart description of a group: one colour slot per metric (a band's edges and a `_max` sibling share their metric's). */
function specOf(group: ChartGroup, extra: readonly ChartLine[], notes: readonly string[]): ChartSpec {
  const bases = group.members.filter((member) => member.siblingOf === undefined);
  const slotOf = (key: string) =>
    group.kind === "band"
      ? 0
      : Math.max(
          0,
          bases.findIndex((member) => member.key === key),
        );
  const lines: ChartLine[] = group.members.map((member) => ({
    key: member.key,
    label: member.label,
    colorSlot: slotOf(member.siblingOf ?? member.key),
    ...(member.siblingOf !== undefined ? { faint: true } : {}),
  }));
  const firstFree = group.kind === "band" ? 1 : bases.length;
  // Derived lines (a combined pattern, a difference) come after the metrics' colours.
  for (const line of extra) lines.push({ ...line, colorSlot: firstFree + line.colorSlot });
  const bands: ChartBand[] = [];
  if (group.kind === "band") {
    const low = group.members.find((member) => member.key.endsWith("_min"));
    const high = group.members.find((member) => member.key.endsWith("_max"));
    if (low !== undefined && high !== undefined) bands.push({ low: low.key, high: high.key, colorSlot: 0 });
  }
  return { id: group.id, title: group.title, ...(notes.length > 0 ? { subtitle: notes.join("\n") } : {}), lines, bands };
}

function divergenceNote(group: ChartGroup, divergence: FirstDifference | undefined): string[] {
  if (divergence === undefined || divergence.key === undefined || !group.members.some((member) => member.key === divergence.key)) return [];
  return [`✗ golden differs first at step ${divergence.step}, ${divergence.key}: golden ${divergence.expected ?? "(missing)"}, run ${divergence.actual ?? "(missing)"}`];
}

const RANK_MIN = " min over ranks";
const RANK_MAX = " max over ranks";
const rankColumnsCache = new WeakMap<ChartRun, { ranks: SeriesColumns[]; band: SeriesColumns }>();

/** Each rank's columns and the band over ranks (min and max of each key per step), computed once per run. */
function rankColumnsOf(run: ChartRun): { ranks: SeriesColumns[]; band: SeriesColumns } | undefined {
  if (run.rankRows === undefined || run.rankRows.length === 0) return undefined;
  let cached = rankColumnsCache.get(run);
  if (cached === undefined) {
    const keys = new Set<string>();
    for (const rows of run.rankRows) for (const key of keysOf(rows)) keys.add(key);
    const ranks = run.rankRows.map((rows) => columnsOf(rows, keys));
    const band: SeriesColumns = { step: (ranks[0] as SeriesColumns).step };
    for (const key of keys) {
      const perRank = ranks.map((rank) => rank[key] as (number | null)[]);
      const lows: (number | null)[] = [];
      const highs: (number | null)[] = [];
      band.step.forEach((_step, index) => {
        let low: number | null = null;
        let high: number | null = null;
        for (const column of perRank) {
          const value = column[index];
          if (value === null || value === undefined) continue;
          low = low === null ? value : Math.min(low, value);
          high = high === null ? value : Math.max(high, value);
        }
        lows.push(low);
        highs.push(high);
      });
      band[key + RANK_MIN] = lows;
      band[key + RANK_MAX] = highs;
    }
    cached = { ranks, band };
    rankColumnsCache.set(run, cached);
  }
  return cached;
}

/** The per-rank views of a chart: the band over ranks, then rank 0, 1, ...; none without per-rank rows. */
function rankViews(group: ChartGroup, runs: readonly ChartRun[]): ChartView[] {
  const withRanks = runs.flatMap((run) => {
    const rankColumns = rankColumnsOf(run);
    return rankColumns === undefined ? [] : [{ run, ...rankColumns }];
  });
  if (withRanks.length === 0) return [];
  // `_max` siblings are cluster reductions: a rank has only the metric itself.
  const bases = group.members.filter((member) => member.siblingOf === undefined && withRanks.some((entry) => member.key + RANK_MIN in entry.band));
  if (bases.length === 0) return [];
  const bandLines: ChartLine[] = [];
  const bands: ChartBand[] = [];
  bases.forEach((member, slot) => {
    bandLines.push(
      { key: member.key + RANK_MIN, label: member.label + RANK_MIN, colorSlot: slot },
      { key: member.key + RANK_MAX, label: member.label + RANK_MAX, colorSlot: slot },
    );
    bands.push({ low: member.key + RANK_MIN, high: member.key + RANK_MAX, colorSlot: slot });
  });
  for (const entry of withRanks) addBandHeights(entry.band, bands);
  const views: ChartView[] = [
    {
      name: "min–max over ranks",
      spec: { id: group.id, title: `${group.title} (min–max over ranks)`, lines: bandLines, bands },
      sources: withRanks.map((entry) => ({ label: entry.run.label, columns: entry.band })),
      marks: [],
    },
  ];
  const rankCount = Math.max(...withRanks.map((entry) => entry.ranks.length));
  const rankLines: ChartLine[] = bases.map((member, slot) => ({ key: member.key, label: member.label, colorSlot: slot }));
  for (let rank = 0; rank < rankCount; rank++) {
    const sources: ChartSource[] = withRanks.flatMap((entry) =>
      entry.ranks[rank] === undefined ? [] : [{ label: `${entry.run.label} · rank ${rank}`, columns: entry.ranks[rank] as SeriesColumns }],
    );
    views.push({ name: `rank ${rank}`, spec: { id: group.id, title: `${group.title} (rank ${rank})`, lines: rankLines, bands: [] }, sources, marks: [] });
  }
  return views;
}

function formatActual(result: ExpectationResult): string {
  if (result.actual !== undefined) return `= ${formatNumber(result.actual)}`;
  return result.reason === "never nonzero" ? "(never non-zero)" : "(never emitted)";
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** `max − min` for `…/remaining_fraction_max` minus `…/remaining_fraction_min`: the shared start of the names said once, in the title. */
function differenceLabel(metric: string, minus: string): string {
  const [a, b] = [lastSegment(metric), lastSegment(minus)];
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  const cut = a.lastIndexOf("_", common - 1) + 1;
  return `${a.slice(cut)} − ${b.slice(cut)}`;
}

/** A pattern's last two segments (`modalities/*`), enough to tell it in a legend. */
function shortPattern(pattern: string): string {
  const parts = pattern.split("/");
  return parts.slice(-2).join("/");
}
