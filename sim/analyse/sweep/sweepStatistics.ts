/** The per-run statistics summary.csv holds for each metric (a light module: the CLI's --help names them). */
export const METRIC_STATISTICS = ["max", "sum", "last"] as const;
export type MetricStatistic = (typeof METRIC_STATISTICS)[number];
