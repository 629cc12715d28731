/** `sim sweep` and its subcommands (docs/sweeps.md): each definition holds only its yargs options; the work (actions/sweep.ts) loads on use. */
import { METRIC_STATISTICS } from "../sweep/sweepStatistics.ts";
import type { SweepChartArgs, SweepMergeArgs, SweepReportArgs, SweepRunArgs, SweepStatusArgs } from "./actions/sweep.ts";
import type { SimCommand, SimCommandGroup } from "./simCommand.ts";

const sweepRunCommand: SimCommand<SweepRunArgs> = {
  command: "$0 <file>",
  describe: "Run every config of a sweep file on a pool of worker processes, then check that each has exactly one completed run",
  builder: (yargs) =>
    yargs
      .positional("file", { type: "string", demandOption: true, describe: "a scenario TOML file with a [sweep] table (docs/sweeps.md)" })
      .option("out", { type: "string", requiresArg: true, describe: "the sweep directory (default sweeps-out/<scenario name>/)" })
      .option("jobs", { type: "string", requiresArg: true, describe: "worker processes (default: the machine's available parallelism)" })
      .option("shard", { type: "string", requiresArg: true, describe: "run only shard i of n (1-based, cost-balanced), e.g. --shard 2/3" }) as never,
  run: async (args, io) => (await import("./actions/sweep.ts")).runSweepAction(args, io),
};

const sweepStatusCommand: SimCommand<SweepStatusArgs> = {
  command: "status <dirs..>",
  describe: "Name every config of a sweep that is missing, failed, duplicated or misrouted; exit 0 only when all are complete",
  builder: (yargs) =>
    yargs
      .positional("dirs", { type: "string", array: true, demandOption: true, describe: "sweep directories (one sweep, possibly one per shard)" })
      .option("shard", { type: "string", requiresArg: true, describe: "check only the configs of shard i of n" }) as never,
  run: async (args, io) => (await import("./actions/sweep.ts")).sweepStatusAction(args, io),
};

const sweepMergeCommand: SimCommand<SweepMergeArgs> = {
  command: "merge <dirs..>",
  describe: "Join the directories of separately run shards into one, refusing missing configs, conflicting results or another sweep",
  builder: (yargs) =>
    yargs
      .positional("dirs", { type: "string", array: true, demandOption: true, describe: "the shards' sweep directories" })
      .option("out", { type: "string", requiresArg: true, demandOption: true, describe: "the merged sweep directory" }) as never,
  run: async (args, io) => (await import("./actions/sweep.ts")).sweepMergeAction(args, io),
};

const sweepChartCommand: SimCommand<SweepChartArgs> = {
  command: "chart <dir>",
  describe: "Print a metric statistic of a sweep against one swept key, a column per value of another (the data of the report's sweep chart)",
  builder: (yargs) =>
    yargs
      .positional("dir", { type: "string", demandOption: true, describe: "a sweep directory" })
      .option("metric", { type: "string", requiresArg: true, demandOption: true, describe: "the metric key, e.g. ledger/false_evictions/stale" })
      .option("stat", { choices: METRIC_STATISTICS, default: "sum", describe: "the per-run statistic of summary.csv" })
      .option("x", { type: "string", requiresArg: true, demandOption: true, describe: "the swept key along x, e.g. ledger.stale_threshold" })
      .option("series", { type: "string", requiresArg: true, describe: "the swept key with a line (column) per value, e.g. ledger.capacity" })
      .option("json", { type: "boolean", default: false, describe: "print the chart data as JSON" }) as never,
  run: async (args, io) => (await import("./actions/sweep.ts")).sweepChartAction(args, io),
};

const sweepReportCommand: SimCommand<SweepReportArgs> = {
  command: "report <dir>",
  describe: "Write a self-contained HTML report of a sweep: charts of metric statistics against swept keys, and its summary table",
  builder: (yargs) =>
    yargs
      .positional("dir", { type: "string", demandOption: true, describe: "a sweep directory" })
      .option("out", { type: "string", requiresArg: true, describe: "the HTML file to write (default DIR/report.html)" })
      .option("images", { type: "string", requiresArg: true, describe: "also write one SVG per chart into this directory" })
      .option("metric", { type: "string", array: true, describe: "a chart per metric (repeatable); default: every metric with a non-zero sum" })
      .option("stat", { type: "string", array: true, choices: METRIC_STATISTICS, describe: "the statistic: one for every chart, or one per --metric (default sum)" })
      .option("x", { type: "string", array: true, describe: "the swept key along x: one for every chart, or one per --metric (default the first swept key)" })
      .option("series", { type: "string", array: true, describe: "the swept key with a line per value: one for every chart, or one per --metric (default without --x: the second swept key unless it is the seed)" }) as never,
  run: async (args, io) => (await import("./actions/sweep.ts")).sweepReportAction(args, io),
};

/** `sim sweep <file>`, `sim sweep status DIR...`, `sim sweep chart DIR ...`, `sim sweep report DIR` and `sim sweep merge DIR... --out DIR` (docs/sweeps.md). */
export const sweepCommand: SimCommandGroup = {
  command: "sweep",
  describe: "Run many configs from one sweep file (on worker processes, optionally sharded), check their completeness, merge shards",
  subcommands: [sweepRunCommand, sweepStatusCommand, sweepMergeCommand, sweepChartCommand, sweepReportCommand],
};
