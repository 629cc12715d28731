/** `sim sweep` and its subcommands (docs/sweeps.md): each definition holds only its declared arguments; the work (actions/sweep.ts) loads on use (commands/index.ts). */
import { METRICS } from "../../../src/metrics/catalog.ts";
import { METRIC_STATISTICS } from "../../analyse/sweep/sweepStatistics.ts";
import { IMAGES_OPTION, JOBS_OPTION, jsonOption, THREADS_OPTION } from "./sharedOptions.ts";
import { NUMERIC_OPTION } from "./numericOption.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration, type CommandGroupDeclaration } from "./simCommand.ts";

/** The positional of the subcommands that read one sweep's directory (chart, report). */
const SWEEP_DIR_POSITIONAL = { dir: { type: "string", demandOption: true, describe: "a sweep directory" } } as const;

const sweepRunArgs = declareArgs({
  positionals: {
    file: { type: "string", demandOption: true, describe: "a scenario TOML file with a [sweep] table (docs/sweeps.md)" },
  },
  options: {
    out: { type: "string", requiresArg: true, describe: "the sweep directory (default sweeps-out/<scenario name>/)" },
    jobs: JOBS_OPTION,
    shard: {
      type: "string",
      requiresArg: true,
      describe: "run only shard i of n (1-based, cost-balanced), e.g. --shard 2/3; auto: from a Slurm array's, an Indexed Job's or a CI's variables",
    },
    shards: { ...NUMERIC_OPTION, describe: "with --launcher: the array tasks / Job completions (default 4); with --shard auto: n for JOB_COMPLETION_INDEX" },
    launcher: { choices: ["slurm", "k8s"] as const, describe: "send the sweep to a cluster: a Slurm job array (submitted with sbatch), or Kubernetes manifests (with --dry-run)" },
    partition: { type: "string", requiresArg: true, describe: "with --launcher slurm: the partition (#SBATCH --partition)" },
    time: { type: "string", requiresArg: true, describe: "with --launcher slurm: each task's time limit (#SBATCH --time), e.g. 1:00:00" },
    "array-parallelism": { ...NUMERIC_OPTION, describe: "with --launcher slurm: at most N tasks at once (--array=1-n%N)" },
    "sbatch-arg": {
      type: "string",
      array: true,
      requiresArg: true,
      describe: "with --launcher slurm: one more sbatch option for the script, e.g. --sbatch-arg=--qos=short (repeatable)",
    },
    wait: { type: "boolean", describe: "with --launcher slurm: wait for the array to end, then check completeness (exit 0 only when complete)" },
    "only-missing": { type: "boolean", describe: "with --launcher slurm: submit only the configs sim sweep status names missing or failed in --out" },
    "dry-run": { type: "boolean", describe: "with --launcher: write the batch script or the manifests and print how to submit them, submitting nothing" },
    configs: { type: "string", requiresArg: true, hidden: true, describe: "run only the configs named in this file (a job of --only-missing)" },
    "sweep-sha256": { type: "string", requiresArg: true, hidden: true, describe: "refuse to run unless the file is still this sweep (a submitted job)" },
    threads: THREADS_OPTION,
  },
});
export type SweepRunArgs = ArgsOf<typeof sweepRunArgs>;

export const sweepRunCommand: CommandDeclaration<typeof sweepRunArgs> = {
  command: "$0 <file>",
  describe: "Run every config of a sweep file on a pool of worker processes, then check that each has exactly one completed run",
  example: ["$0 sweep sweeps/stale_threshold_x_capacity.toml --jobs 4", "every config of a sweep file on four worker processes"],
  args: sweepRunArgs,
};

const sweepStatusArgs = declareArgs({
  positionals: {
    dirs: { type: "string", array: true, demandOption: true, describe: "sweep directories (one sweep, possibly one per shard)" },
  },
  options: {
    shard: { type: "string", requiresArg: true, describe: "check only the configs of shard i of n" },
    json: jsonOption("print the status as one JSON document (format sim-sweep-status) instead of the text"),
  },
});
export type SweepStatusArgs = ArgsOf<typeof sweepStatusArgs>;

export const sweepStatusCommand: CommandDeclaration<typeof sweepStatusArgs> = {
  command: "status <dirs..>",
  describe: "Name every config of a sweep that is missing, failed, duplicated or misrouted; exit 0 only when all are complete",
  example: ["$0 sweep status sweeps-out/diag_stale_false_evict", "name every config missing, failed, duplicated or misrouted"],
  args: sweepStatusArgs,
};

const sweepMergeArgs = declareArgs({
  positionals: {
    dirs: { type: "string", array: true, demandOption: true, describe: "the shards' sweep directories" },
  },
  options: {
    out: { type: "string", requiresArg: true, demandOption: true, describe: "the merged sweep directory" },
  },
});
export type SweepMergeArgs = ArgsOf<typeof sweepMergeArgs>;

export const sweepMergeCommand: CommandDeclaration<typeof sweepMergeArgs> = {
  command: "merge <dirs..>",
  describe: "Join the directories of separately run shards into one, refusing missing configs, conflicting results or another sweep",
  example: ["$0 sweep merge shard-1 shard-2 --out merged", "join two shards' directories into one sweep"],
  args: sweepMergeArgs,
};

const sweepChartArgs = declareArgs({
  positionals: SWEEP_DIR_POSITIONAL,
  options: {
    metric: { type: "string", requiresArg: true, demandOption: true, describe: `the metric key, e.g. ${METRICS.falseEvictionsStale.key}` },
    stat: { choices: METRIC_STATISTICS, default: "sum", describe: "the per-run statistic of summary.csv" },
    x: { type: "string", requiresArg: true, demandOption: true, describe: "the swept key along x, e.g. ledger.stale_threshold" },
    series: { type: "string", requiresArg: true, describe: "the swept key with a line (column) per value, e.g. ledger.capacity" },
    json: jsonOption("print the chart data as JSON"),
  },
});
export type SweepChartArgs = ArgsOf<typeof sweepChartArgs>;

export const sweepChartCommand: CommandDeclaration<typeof sweepChartArgs> = {
  command: "chart <dir>",
  describe: "Print a metric statistic of a sweep against one swept key, a column per value of another (the data of the report's sweep chart)",
  example: [`$0 sweep chart sweeps-out/stale --metric ${METRICS.wipeCount.key} --x ledger.capacity`, "a metric's statistic against a swept key, as text"],
  args: sweepChartArgs,
};

const sweepReportArgs = declareArgs({
  positionals: SWEEP_DIR_POSITIONAL,
  options: {
    out: { type: "string", requiresArg: true, describe: "the HTML file to write (default DIR/report.html)" },
    images: IMAGES_OPTION,
    metric: { type: "string", array: true, describe: "a chart per metric (repeatable); default: every metric with a non-zero sum" },
    stat: { type: "string", array: true, choices: METRIC_STATISTICS, describe: "the statistic: one for every chart, or one per --metric (default sum)" },
    x: { type: "string", array: true, describe: "the swept key along x: one for every chart, or one per --metric (default the first swept key)" },
    series: {
      type: "string",
      array: true,
      describe: "the swept key with a line per value: one for every chart, or one per --metric (default without --x: the second swept key unless it is the seed)",
    },
  },
});
export type SweepReportArgs = ArgsOf<typeof sweepReportArgs>;

export const sweepReportCommand: CommandDeclaration<typeof sweepReportArgs> = {
  command: "report <dir>",
  describe: "Write a self-contained HTML report of a sweep: charts of metric statistics against swept keys, and its summary table",
  example: ["$0 sweep report sweeps-out/stale --out stale.html", "the sweep's HTML report"],
  args: sweepReportArgs,
};

/** `sim sweep <file>`, `sim sweep status DIR...`, `sim sweep chart DIR ...`, `sim sweep report DIR` and `sim sweep merge DIR... --out DIR` (docs/sweeps.md). */
export const sweepCommand: CommandGroupDeclaration = {
  command: "sweep",
  describe: "Run many configs from one sweep file (on worker processes, optionally sharded), check their completeness, merge shards",
  example: ["$0 sweep sweeps/stale_threshold_x_capacity.toml", "run a sweep file; then `sweep status`, `merge`, `chart` or `report` on its directory"],
};
