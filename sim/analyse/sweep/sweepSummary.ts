import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { evaluateExpectations } from "../../verify/expect/evaluateExpectation.ts";
import { isKeyPattern, matchesKeyPattern } from "../../format/keyPattern.ts";
import type { Expectation } from "../../input/scenario/scenario.ts";
import type { RunStore } from "../../execute/run/runStore.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { metricsRowsOf } from "../../format/metricsRows.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { linesOfText } from "../../io/lineReader.ts";
import { formatPointValue } from "../../execute/sweep/sweepPoint.ts";
import { type ExpectationCache, expectationsOfRun } from "./summaryExpectations.ts";
import { METRIC_STATISTICS, type MetricStatistic } from "./sweepStatistics.ts";
import type { SweepStatus } from "../../execute/sweep/sweepStatus.ts";
import type { SweepStore } from "../../execute/sweep/sweepStore.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";

export { SUMMARY_FILE } from "../../execute/sweep/summaryRecord.ts";

/** A metric's statistics over one run: its largest value, the sum of its values and its value at the last step that had one. */
export interface MetricStats {
  readonly max: number;
  readonly sum: number;
  readonly last: number;
}

/** One config's row of summary.csv. */
export interface SummaryRow {
  readonly config: string;
  readonly point: Readonly<Record<string, TomlValue>>;
  /** "complete", or the kinds of the config's problems joined by "+" (its metrics are then empty). */
  readonly status: string;
  readonly metrics: ReadonlyMap<string, MetricStats>;
  /** Each expectation's verdict by name: "pass" or "fail". */
  readonly verdicts: ReadonlyMap<string, "pass" | "fail">;
}

export function metricStatsOf(rows: Iterable<MetricsRow>): Map<string, MetricStats> {
  const stats = new Map<string, { max: number; sum: number; last: number }>();
  for (const row of rows) addToStats(stats, row);
  return stats;
}

function addToStats(stats: Map<string, { max: number; sum: number; last: number }>, row: MetricsRow): void {
  for (const key in row) {
    if (key === "step") continue;
    const value = row[key] as number;
    const s = stats.get(key);
    if (s === undefined) stats.set(key, { max: value, sum: value, last: value });
    else {
      if (value > s.max) s.max = value;
      s.sum += value;
      s.last = value;
    }
  }
}

/**
 * Which metric keys a list of expectations names (or its patterns match), by key: built
 * once per list, which the runs of a sweep share (ExpectationCache), where each run's
 * summary asked every expectation about each of its keys again.
 */
const wantedKeysByExpectations = new WeakMap<readonly Expectation[], (key: string) => boolean>();

function wantedKeysOf(expectations: readonly Expectation[]): (key: string) => boolean {
  let wanted = wantedKeysByExpectations.get(expectations);
  if (wanted === undefined) {
    const named = expectations.flatMap((e) => (e.minus === undefined ? [e.metric] : [e.metric, e.minus]));
    const wantedByKey = new Map<string, boolean>();
    wanted = (key: string): boolean => {
      let answer = wantedByKey.get(key);
      if (answer === undefined) {
        answer = key !== "step" && named.some((metric) => (isKeyPattern(metric) ? matchesKeyPattern(metric, key) : metric === key));
        wantedByKey.set(key, answer);
      }
      return answer;
    };
    wantedKeysByExpectations.set(expectations, wanted);
  }
  return wanted;
}

/**
 * A run's metric statistics and the rows its expectations need, in one streamed read of
 * metrics.jsonl: the statistics are folded as the rows pass, and only the keys an
 * expectation names (or its pattern matches) are kept, so a long run's summary holds a
 * few numbers a step rather than its whole file.
 */
function readRunForSummary(rows: Iterable<MetricsRow>, expectations: readonly Expectation[]): { stats: Map<string, MetricStats>; kept: MetricsRow[] } {
  const stats = new Map<string, { max: number; sum: number; last: number }>();
  const kept: MetricsRow[] = [];
  const wanted = expectations.length === 0 ? undefined : wantedKeysOf(expectations);
  for (const row of rows) {
    addToStats(stats, row);
    if (wanted === undefined) continue;
    const projected: Record<string, number> = { step: row.step };
    for (const key in row) if (wanted(key)) projected[key] = row[key] as number;
    kept.push(projected as MetricsRow);
  }
  return { stats, kept };
}

/**
 * The summary rows of a sweep, one per config in sweep.json's order, read through `runs`
 * from each complete config's run directory. Its artifacts.json is not read again: the
 * status that found the run complete has checked it and kept the layout of its rows, the
 * text of its expectations and, for a small run read on threads, its metrics as hashed.
 */
export function summaryRowsOf(status: SweepStatus, runs: RunStore): SummaryRow[] {
  const expectationCache: ExpectationCache = new Map();
  return status.configs.map((state) => {
    const base = { config: state.config.name, point: state.config.point };
    if (state.run === undefined) {
      return { ...base, status: [...new Set(state.problems.map((p) => p.kind))].join("+"), metrics: new Map(), verdicts: new Map() };
    }
    const runDir = state.run.absolute;
    const expectations = expectationsOfRun(runs, runDir, expectationCache, state.run.expectationsText);
    const layout = { firstStep: state.run.firstStep ?? 1, every: state.run.metricsEvery ?? 1 };
    const metricsText = state.run.metricsText;
    // The text status hashed, when it kept it; else the file, read again.
    const rows = metricsText === undefined ? runs.metricsRows(runDir, layout) : metricsRowsOf(linesOfText(metricsText), join(runDir, RUN_FILES.metrics), layout);
    const { stats, kept } = readRunForSummary(rows, expectations);
    const results = evaluateExpectations(expectations, kept);
    const verdicts = new Map(results.map((result) => [result.expectation.name, result.passed ? ("pass" as const) : ("fail" as const)]));
    return { ...base, status: "complete", metrics: stats, verdicts };
  });
}

/** The column of a metric statistic in summary.csv, e.g. "ledger/false_evictions/stale:sum". */
export function statisticColumn(metric: string, statistic: MetricStatistic): string {
  return `${metric}:${statistic}`;
}

/** summary.csv's cells: its header and one record per config (formatSummaryCsv writes them; the sweep report shows them). */
export interface SummaryTable {
  readonly header: readonly string[];
  readonly records: readonly (readonly string[])[];
}

/**
 * summary.csv's table: `config`, one column per swept key, `status`, then for every
 * metric (sorted) its `:max`, `:sum` and `:last`, then `expect:<name>` per expectation
 * (pass or fail). A value a config does not have is an empty cell.
 */
export function summaryTableOf(axes: readonly string[], rows: readonly SummaryRow[]): SummaryTable {
  const columns = summaryColumnsOf(axes, rows);
  return { header: columns.header, records: rows.map(columns.recordOf) };
}

/**
 * summary.csv's header, and how each row becomes its record: apart, so that the file is
 * written a record at a time. The metric and expectation columns are the union over all
 * rows (a config that failed has none of them), hence known only once every row is in.
 */
function summaryColumnsOf(axes: readonly string[], rows: readonly SummaryRow[]): { header: readonly string[]; recordOf: (row: SummaryRow) => string[] } {
  const metricSet = new Set<string>();
  const expectationSet = new Set<string>();
  for (const row of rows) {
    for (const metric of row.metrics.keys()) metricSet.add(metric);
    for (const name of row.verdicts.keys()) expectationSet.add(name);
  }
  const metrics = [...metricSet].sort();
  const expectations = [...expectationSet];
  const header = ["config", ...axes, "status", ...metrics.flatMap((m) => METRIC_STATISTICS.map((s) => statisticColumn(m, s))), ...expectations.map((name) => `expect:${name}`)];
  // A loop that pushes each cell, where spreads of mapped arrays made three arrays and a
  // closure per metric of every row: a third of writing a 10,000-config sweep's summary.
  const recordOf = (row: SummaryRow): string[] => {
    const record = [row.config];
    for (const axis of axes) record.push(row.point[axis] === undefined ? "" : formatPointValue(row.point[axis] as TomlValue));
    record.push(row.status);
    for (const metric of metrics) {
      const stats = row.metrics.get(metric);
      for (const statistic of METRIC_STATISTICS) record.push(stats === undefined ? "" : String(stats[statistic]));
    }
    for (const name of expectations) record.push(row.verdicts.get(name) ?? "");
    return record;
  };
  return { header, recordOf };
}

/** summary.csv's text (summaryTableOf's cells as CSV). */
export function formatSummaryCsv(axes: readonly string[], rows: readonly SummaryRow[]): string {
  const { header, records } = summaryTableOf(axes, rows);
  return stringify([header, ...records], { record_delimiter: "\n" });
}

/** A cell that CSV writes as it is: no comma, quote or line break to quote. */
const PLAIN_CELL = /^[^,"\r\n]*$/;

/**
 * One record of summary.csv as CSV text, without its final line break: cells that need
 * no quoting (names, numbers, verdicts: nearly all) joined by commas, as csv-stringify
 * writes them; a record with any other cell is left to csv-stringify. Its per-cell work
 * was most of writing the file.
 */
export function csvRecordLine(cells: readonly string[]): string {
  return cells.every((cell) => PLAIN_CELL.test(cell)) ? cells.join(",") : stringify([cells], { record_delimiter: "\n", eof: false });
}

/** summary.csv's records as lines (formatSummaryCsv's text, each line without its final "\n"), made one at a time. */
function* summaryLines(axes: readonly string[], rows: readonly SummaryRow[]): Generator<string> {
  const { header, recordOf } = summaryColumnsOf(axes, rows);
  yield csvRecordLine(header);
  for (const row of rows) yield csvRecordLine(recordOf(row));
}

/**
 * Writes the sweep's summary.csv into `dir` through `store`, in batches of records (a
 * 10,000-config sweep's table is tens of MB as one string; a write per record was a
 * tenth of writing the file), as the harness's own (SweepStore.writeSummary). Returns
 * the file's path.
 */
export function writeSummaryCsv(store: SweepStore, dir: string, axes: readonly string[], rows: readonly SummaryRow[]): string {
  return store.writeSummary(dir, summaryLines(axes, rows));
}
