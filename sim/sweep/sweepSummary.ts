import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { evaluateExpectation } from "../expect/evaluateExpectation.ts";
import { parseGolden } from "../golden/parseGolden.ts";
import { writeFileAtomicallySync } from "../io/atomicWrite.ts";
import { loadRecordedScenario } from "../run/loadRecordedScenario.ts";
import { readArtifacts, readRunFile } from "../run/readRunDirectory.ts";
import { RUN_FILES } from "../run/runFiles.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { formatPointValue } from "./sweepPoint.ts";
import { METRIC_STATISTICS, type MetricStatistic } from "./sweepStatistics.ts";
import type { SweepStatus } from "./sweepStatus.ts";
import type { TomlValue } from "../scenario/tomlValue.ts";

export const SUMMARY_FILE = "summary.csv";

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

export function metricStatsOf(rows: readonly MetricsRow[]): Map<string, MetricStats> {
  const stats = new Map<string, { max: number; sum: number; last: number }>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (key === "step") continue;
      const s = stats.get(key);
      if (s === undefined) stats.set(key, { max: value, sum: value, last: value });
      else {
        if (value > s.max) s.max = value;
        s.sum += value;
        s.last = value;
      }
    }
  }
  return stats;
}

/** The summary rows of a sweep, one per config in sweep.json's order, read from each complete config's run directory. */
export function summaryRowsOf(status: SweepStatus): SummaryRow[] {
  return status.configs.map((state) => {
    const base = { config: state.config.name, point: state.config.point };
    if (state.run === undefined) {
      return { ...base, status: [...new Set(state.problems.map((p) => p.kind))].join("+"), metrics: new Map(), verdicts: new Map() };
    }
    const runDir = state.run.absolute;
    const rows = parseGolden(readRunFile(runDir, RUN_FILES.metrics), join(runDir, RUN_FILES.metrics));
    const { scenario } = loadRecordedScenario(runDir, readArtifacts(runDir));
    const verdicts = new Map(scenario.expectations.map((e) => [e.name, evaluateExpectation(e, rows).passed ? ("pass" as const) : ("fail" as const)]));
    return { ...base, status: "complete", metrics: metricStatsOf(rows), verdicts };
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
  const metrics = [...new Set(rows.flatMap((row) => [...row.metrics.keys()]))].sort();
  const expectations = [...new Set(rows.flatMap((row) => [...row.verdicts.keys()]))];
  const header = [
    "config",
    ...axes,
    "status",
    ...metrics.flatMap((m) => METRIC_STATISTICS.map((s) => statisticColumn(m, s))),
    ...expectations.map((name) => `expect:${name}`),
  ];
  const records = rows.map((row) => [
    row.config,
    ...axes.map((axis) => (row.point[axis] === undefined ? "" : formatPointValue(row.point[axis] as TomlValue))),
    row.status,
    ...metrics.flatMap((m) => METRIC_STATISTICS.map((s) => {
      const stats = row.metrics.get(m);
      return stats === undefined ? "" : String(stats[s]);
    })),
    ...expectations.map((name) => row.verdicts.get(name) ?? ""),
  ]);
  return { header, records };
}

/** summary.csv's text (summaryTableOf's cells as CSV). */
export function formatSummaryCsv(axes: readonly string[], rows: readonly SummaryRow[]): string {
  const { header, records } = summaryTableOf(axes, rows);
  return stringify([header, ...records], { record_delimiter: "\n" });
}

export function writeSummaryCsv(dir: string, axes: readonly string[], rows: readonly SummaryRow[]): string {
  const file = join(dir, SUMMARY_FILE);
  writeFileAtomicallySync(file, formatSummaryCsv(axes, rows));
  return file;
}
