import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { startProgress } from "../../io/progress.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { outputTarget } from "../../io/outputDestination.ts";
import { shownPath } from "../../io/shownPath.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";
import { nodeSweepStore } from "../../execute/sweep/nodeSweepStore.ts";
import { sweepStoreWithRunsRead } from "../../execute/sweep/findRunsOnThreads.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { autoShard } from "../../execute/sweep/launcher/shardAuto.ts";
import { type LoadedSweep, loadSweep } from "../../execute/sweep/loadSweep.ts";
import { checkSweepOutDirectory } from "../../execute/sweep/sweepDirectory.ts";
import { mergeSweeps } from "../../execute/sweep/mergeSweeps.ts";
import { runSweep } from "../../execute/sweep/runSweep.ts";
import { formatShard, parseShard, type Shard } from "../../execute/pool/shard.ts";
import { buildSweepChart, checkSweepChartRequest, checkSweptKey, type SweepChartRequest } from "../../analyse/sweep/sweepChart.ts";
import { SEED_KEY } from "../../execute/sweep/sweepPoint.ts";
import { defaultSweepChartRequests, sweepReport } from "../../analyse/sweep/sweepReport.ts";
import { formatSweepChart } from "../../analyse/sweep/formatSweepChart.ts";
import type { MetricStatistic } from "../../analyse/sweep/sweepStatistics.ts";
import { summaryRowsOf } from "../../analyse/sweep/sweepSummary.ts";
import { sweepStatus } from "../../execute/sweep/sweepStatus.ts";
import { checkAndSummarise } from "./sweepCheckAndSummarise.ts";
import { intOption, MAX_JOBS } from "../commands/intOption.ts";
import { MAX_THREADS } from "../../execute/threads/engineThreads.ts";
import type { SweepChartArgs, SweepMergeArgs, SweepReportArgs, SweepRunArgs, SweepStatusArgs } from "../commands/sweep.ts";

export async function runSweepAction(args: SweepRunArgs, io: CliIo): Promise<number> {
  // Every argument and every config is checked before anything is written or run.
  const jobsOption = intOption("jobs", args.jobs, 1, MAX_JOBS);
  const shard = args.launcher === undefined ? shardOf(args, io) : undefined;
  if (args.out !== undefined) checkSweepOutDirectory(outputTarget("--out", io.cwd, args.out));
  const threads = intOption("threads", args.threads, 1, MAX_THREADS);
  const sweep = loadSweep(resolve(io.cwd, args.file));
  const defaultOut = join("sweeps-out", sweep.scenarioName);
  if (args.out === undefined) checkSweepOutDirectory(outputTarget("--out", io.cwd, defaultOut));
  const outDir = resolve(io.cwd, args.out ?? defaultOut);
  const submitted = args["sweep-sha256"];
  if (submitted !== undefined && submitted !== sweep.sweepSha256) {
    throw new UserError(
      `${args.file} changed after this sweep was submitted: its configs now hash to ${sweep.sweepSha256.slice(0, 12)}, the job was submitted for ${submitted.slice(0, 12)}; nothing was run, so the directory is not mixed: restore the file, or submit the new sweep to another --out`,
    );
  }
  if (args.launcher !== undefined) return (await import("./sweepLaunch.ts")).launchSweepAction(args, sweep, outDir, io);
  for (const option of LAUNCHER_OPTIONS) if (args[option] !== undefined && args[option] !== false) throw new UserError(`--${option} goes with --launcher slurm or k8s`);
  const jobs = jobsOption ?? availableParallelism();
  const only = args.configs === undefined ? undefined : readConfigList(resolve(io.cwd, args.configs), sweep);

  return withStopSignals(io, async (stopRequested) => {
    const startMs = io.clock.monotonicMs();
    // The total is known once runSweep has listed this invocation's configs (a shard's share);
    // configs already complete count as done at once.
    const progress = startProgress(io, { label: `sim sweep ${sweep.scenarioName}`, unit: "configs", total: 0 });
    const result = await runSweep(sweep, {
      outDir,
      jobs,
      ...(threads !== undefined ? { threads } : {}),
      ...(shard ? { shard } : {}),
      ...(only ? { only } : {}),
      stopRequested,
      onProgress: ({ done, total }) => progress.update(done, total),
    }).finally(progress.stop);
    const wallS = (io.clock.monotonicMs() - startMs) / 1000;
    const ran = result.completed + result.failed.length;
    io.stdout(
      `sweep ${sweep.scenarioName}${shard ? ` shard ${formatShard(shard)}` : ""}: ${result.configs.length} configs, ${result.skipped} already complete, ${result.completed} run, ${result.failed.length} failed in ${wallS.toFixed(2)} s (${wallS > 0 ? (ran / wallS).toFixed(1) : "-"} configs/s) into ${shownPath(io.cwd, outDir)}\n`,
    );
    for (const failure of result.failed) io.stderr(`sim: config ${failure.config} failed: ${failure.reason}\n`);
    if (result.stopReason !== undefined) {
      io.stderr(`sim: sweep stopped (${result.stopReason}); rerun the same command to resume\n`);
      return EXIT.interrupted;
    }
    return checkAndSummarise(io, [outDir], shard, only);
  });
}

/** Options that only mean something with --launcher. */
const LAUNCHER_OPTIONS = ["partition", "time", "array-parallelism", "sbatch-arg", "wait", "only-missing", "dry-run"] as const;

/** --shard i/n, or --shard auto from the engine's variables (said on stdout), or none. */
function shardOf(args: SweepRunArgs, io: CliIo): Shard | undefined {
  const shards = intOption("shards", args.shards, 1);
  if (args.shard !== "auto") {
    if (shards !== undefined) throw new UserError("--shards goes with --shard auto (a Kubernetes Indexed Job's completions) or --launcher");
    return args.shard === undefined ? undefined : parseShard(args.shard);
  }
  const found = autoShard(io.env, shards);
  io.stdout(`shard ${formatShard(found.shard)} (--shard auto: ${found.source})\n`);
  return found.shard;
}

/** --configs FILE: config names, one a line, each a config of the sweep (an --only-missing job's list). */
function readConfigList(file: string, sweep: LoadedSweep): ReadonlySet<string> {
  const names = readTextFile(file, { kind: "config list (sim sweep --only-missing writes it)" })
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const known = new Set(sweep.configs.map((config) => config.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new UserError(`${file}: ${unknown.length} names are not configs of ${sweep.file} (e.g. ${unknown[0]}): the sweep file changed after the list was written`);
  return new Set(names);
}

export async function sweepStatusAction(args: SweepStatusArgs, io: CliIo): Promise<number> {
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  return checkAndSummarise(
    io,
    args.dirs.map((dir) => resolve(io.cwd, dir)),
    shard,
    undefined,
    args.json,
  );
}

export async function sweepMergeAction(args: SweepMergeArgs, io: CliIo): Promise<number> {
  const out = outputTarget("--out", io.cwd, args.out);
  checkSweepOutDirectory(out);
  const outDir = out.path;
  const dirs = args.dirs.map((dir) => resolve(io.cwd, dir));
  const merged = mergeSweeps(await sweepStoreWithRunsRead(dirs, [outDir]), dirs, outDir);
  io.stdout(`merged ${args.dirs.length} directories into ${shownPath(io.cwd, outDir)}: ${merged.copied} runs copied, ${merged.present} already there\n`);
  return checkAndSummarise(io, [outDir]);
}

export async function sweepChartAction(args: SweepChartArgs, io: CliIo): Promise<number> {
  const status = sweepStatus(nodeSweepStore, [resolve(io.cwd, args.dir)]);
  const rows = summaryRowsOf(status, nodeSweepStore.runs);
  const request = { metric: args.metric, statistic: args.stat, xAxis: args.x, ...(args.series === undefined ? {} : { seriesAxis: args.series }) };
  checkSweepChartRequest(rows, status.manifest.axes, request);
  const chart = buildSweepChart(rows, request);
  io.stdout(args.json ? JSON.stringify(chart, null, 2) + "\n" : formatSweepChart(chart));
  return EXIT.ok;
}

/**
 * `sim sweep report DIR`: every chart request is checked (keys, metrics, flag counts)
 * before anything is rendered or written; then the page (and with --images one SVG per
 * chart) is written atomically. The report's modules load only here.
 */
export async function sweepReportAction(args: SweepReportArgs, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, args.dir);
  const targets = {
    page: outputTarget("--out", io.cwd, args.out ?? join(args.dir, "report.html")),
    images: args.images === undefined ? undefined : outputTarget("--images", io.cwd, args.images),
  };
  const { checkReportTargets } = await import("../../analyse/report/writeReport.ts");
  checkReportTargets(targets);
  const status = sweepStatus(nodeSweepStore, [dir]);
  const rows = summaryRowsOf(status, nodeSweepStore.runs);
  const axes = status.manifest.axes;
  // Every --x and --series is a swept key, whether or not a chart uses it (the defaults may draw none).
  for (const key of args.x ?? []) checkSweptKey(axes, key, "--x");
  for (const key of args.series ?? []) checkSweptKey(axes, key, "--series");
  // Without --metric, the default charts' metrics take the --x, --series and --stat given.
  const overridden = args.x !== undefined || args.series !== undefined || args.stat !== undefined;
  const requests =
    args.metric !== undefined
      ? chartRequestsOf(args, args.metric, axes)
      : overridden
        ? chartRequestsOf(
            args,
            defaultSweepChartRequests(rows, axes).map((request) => request.metric),
            axes,
          )
        : defaultSweepChartRequests(rows, axes);
  requests.forEach((request, index) => checkSweepChartRequest(rows, axes, request, requests.length > 1 ? ` (chart ${index + 1})` : ""));
  // writeReport loads ECharts: only now, after every request is checked.
  const { writeReport } = await import("../../analyse/report/writeReport.ts");
  const written = await writeReport(sweepReport(status, rows, requests, args.dir), targets);
  io.stdout(
    `report: ${shownPath(io.cwd, written.page)} (${requests.length} chart${requests.length === 1 ? "" : "s"}, ${status.configs.length} configs${status.complete ? "" : ", incomplete"})\n`,
  );
  if (written.images.length > 0) io.stdout(`images: ${written.images.length} SVG files in ${args.images}\n`);
  return EXIT.ok;
}

/** The n-th chart takes the n-th --stat/--x/--series, or the only one given, or the default. */
function chartRequestsOf(args: SweepReportArgs, metrics: readonly string[], axes: readonly string[]): SweepChartRequest[] {
  const pick = <T>(flag: string, values: readonly T[] | undefined, index: number, fallback: T | undefined): T | undefined => {
    if (values === undefined || values.length === 0) return fallback;
    if (values.length !== 1 && values.length !== metrics.length)
      throw new UserError(`--${flag} is given ${values.length} times for ${metrics.length} --metric: give it once (for every chart) or once per --metric`);
    return values.length === 1 ? values[0] : values[index];
  };
  return metrics.map((metric, index) => {
    const xAxis = pick("x", args.x, index, axes[0]);
    if (xAxis === undefined) throw new UserError("--x: this sweep has no swept key to chart against");
    const seriesAxis = pick("series", args.series, index, args.x === undefined && axes[1] !== SEED_KEY ? axes[1] : undefined);
    return { metric, statistic: pick<MetricStatistic>("stat", args.stat, index, "sum") ?? "sum", xAxis, ...(seriesAxis === undefined ? {} : { seriesAxis }) };
  });
}
