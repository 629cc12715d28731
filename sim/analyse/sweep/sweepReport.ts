import { blockIdOf } from "../report/blockId.ts";
import { sectionOf } from "../../format/chartGroups.ts";
import type { ReportChart, ReportDocument, ReportNote } from "../report/reportDocument.ts";
import { buildSweepChart, metricsOf, type SweepChartRequest } from "./sweepChart.ts";
import { sweepChartView } from "./sweepChartView.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";
import { formatPointValue, SEED_KEY } from "../../execute/sweep/sweepPoint.ts";
import type { MetricStatistic } from "./sweepStatistics.ts";
import type { SweepStatus } from "../../execute/sweep/sweepStatus.ts";
import { summaryTableOf, SUMMARY_FILE, type SummaryRow } from "./sweepSummary.ts";

/** What each statistic of summary.csv is, for the charts' subtitles. */
const STATISTIC_MEANING: Readonly<Record<MetricStatistic, string>> = {
  sum: "the metric summed over a run's steps",
  max: "the metric's largest value in a run",
  last: "the metric's value at a run's last step",
};

/**
 * The charts a sweep report draws when none are asked for: every metric with a non-zero
 * sum in some complete config, its `sum` against the first swept key, a line per value
 * of the second (unless that is the seed: seeds are averaged over and shaded, as a
 * W&B group of runs is). Metrics that stay zero everywhere would be flat lines at 0.
 */
export function defaultSweepChartRequests(rows: readonly SummaryRow[], axes: readonly string[]): SweepChartRequest[] {
  const [xAxis, second] = axes;
  if (xAxis === undefined) return [];
  const seriesAxis = second !== undefined && second !== SEED_KEY ? second : undefined;
  return metricsOf(rows)
    .filter((metric) => rows.some((row) => (row.metrics.get(metric)?.sum ?? 0) !== 0))
    .map((metric) => ({ metric, statistic: "sum" as const, xAxis, ...(seriesAxis === undefined ? {} : { seriesAxis }) }));
}

/**
 * The report of a sweep (`sim sweep report`): one block with the sweep's axes and its
 * completeness, a chart per request (drawn by the report's chartOption, as every report
 * chart is), and summary.csv's table. Incomplete configs are left out of the charts and
 * shown as such in the table.
 */
export function sweepReport(status: SweepStatus, rows: readonly SummaryRow[], requests: readonly SweepChartRequest[], source: string): ReportDocument {
  const { manifest } = status;
  const axes = manifest.axes;
  const completeCount = status.configs.filter((state) => state.run !== undefined).length;
  const total = status.configs.length;
  const valuesOf = (axis: string) => [
    ...new Set(
      rows
        .map((row) => row.point[axis])
        .filter((value) => value !== undefined)
        .map((value) => formatPointValue(value as TomlValue)),
    ),
  ];
  const notes: ReportNote[] = [
    {
      text: `axes: ${axes
        .map((axis) => {
          const values = valuesOf(axis);
          return `${axis} (${values.length}: ${values.join(", ")})`;
        })
        .join(" × ")}`,
    },
    status.complete
      ? { text: `${total} configs, all complete`, passed: true }
      : { text: `${completeCount} of ${total} configs complete: the charts leave the others out (\`sim sweep status\` names them)`, passed: false },
    { text: `sweep ${manifest.sweep_sha256.slice(0, 12)}, harness ${manifest.harness_version}, from ${source}` },
  ];
  const metrics = new Set(metricsOf(rows));
  const charts = requests.map((request): ReportChart => {
    const chart = buildSweepChart(rows, request);
    const averaged = axes.filter((axis) => axis !== request.xAxis && axis !== request.seriesAxis);
    const perPoint = Math.max(0, ...chart.series.flatMap((series) => series.count));
    const averagedText =
      averaged.length === 0 || perPoint <= 1 ? "each point is one config" : `each point is the mean of ${perPoint} configs (over ${averaged.join(", ")}), shaded from min to max`;
    const subtitle = `${averagedText}; ${request.statistic}: ${STATISTIC_MEANING[request.statistic]}`;
    const id = `${request.metric}:${request.statistic} by ${request.xAxis}${request.seriesAxis === undefined ? "" : ` per ${request.seriesAxis}`}`;
    return { id, section: sectionOf(request.metric, metrics), views: [sweepChartView(chart, subtitle)] };
  });
  const table = summaryTableOf(axes, rows);
  return {
    title: `sim sweep report: ${manifest.scenario}`,
    blocks: [
      {
        id: blockIdOf(manifest.scenario),
        title: `${manifest.scenario}: ${total} configs${status.complete ? "" : ` (${completeCount} complete)`}`,
        runs: [],
        notes,
        charts,
        table: { caption: SUMMARY_FILE, header: table.header, records: table.records },
      },
    ],
  };
}
