import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import type { CliIo } from "../../io/cliIo.ts";
import type { LoadedSweep, SweepConfig } from "../../execute/sweep/loadSweep.ts";
import { writeK8sLaunch } from "../../execute/sweep/launcher/launchK8s.ts";
import { launchSlurm } from "../../execute/sweep/launcher/launchSlurm.ts";
import { activeTasks } from "../../execute/sweep/launcher/slurmCommands.ts";
import { statusWithJobs } from "../../execute/sweep/launcher/statusWithJobs.ts";
import { readManifest } from "../../execute/sweep/sweepManifest.ts";
import { intOption, MAX_JOBS } from "../commands/intOption.ts";
import { shownPath, shownPathsIn } from "../../io/shownPath.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";
import type { SweepRunArgs } from "../commands/sweep.ts";
import { checkAndSummarise } from "./sweepCheckAndSummarise.ts";

/** Tasks of an array when --shards is not given. */
const DEFAULT_SHARDS = 4;
/** How often --wait asks Slurm whether the array has ended. */
const WAIT_POLL_MS = 2_000;

/**
 * `sim sweep FILE --launcher slurm|k8s`: the sweep sent to a cluster engine instead of
 * run here (docs/sweeps.md). Slurm: submitted as one job array (or with --dry-run only
 * written), optionally waited for and checked. Kubernetes: only written (--dry-run), for
 * kubectl to apply.
 */
export async function launchSweepAction(args: SweepRunArgs, sweep: LoadedSweep, outDir: string, io: CliIo): Promise<number> {
  const shards = intOption("shards", args.shards, 1, 10_000) ?? DEFAULT_SHARDS;
  const jobs = intOption("jobs", args.jobs, 1, MAX_JOBS);
  if (args.shard !== undefined) throw new UserError(`--shard does not go with --launcher: the launcher runs every shard (--shards N sets how many)`);
  if (args.launcher === "k8s") {
    for (const option of ["wait", "only-missing"] as const)
      if (args[option] === true) throw new UserError(`--${option} goes with --launcher slurm; Kubernetes runs are followed with kubectl and sim sweep status`);
    if (args["dry-run"] !== true) throw new UserError("--launcher k8s writes the manifests for kubectl and submits nothing: add --dry-run, then kubectl apply what it wrote");
    const written = writeK8sLaunch(sweep, { outDir, shards, ...(jobs === undefined ? {} : { jobs }), cwd: io.cwd });
    io.stdout(shownPathsIn(io.cwd, written.summary));
    return EXIT.ok;
  }
  const arrayParallelism = intOption("array-parallelism", args["array-parallelism"], 1);
  const configs = args["only-missing"] === true ? missingConfigs(io, sweep, outDir) : sweep.configs;
  if (configs.length === 0) {
    io.stdout(`nothing to submit: every config of ${shownPath(io.cwd, outDir)} has a completed run in place or a problem --only-missing does not resubmit\n`);
    return checkAndSummarise(io, [outDir]);
  }
  const launch = launchSlurm(sweep, {
    outDir,
    shards,
    configs,
    onlyMissing: args["only-missing"] === true,
    ...(args.partition === undefined ? {} : { partition: args.partition }),
    ...(args.time === undefined ? {} : { time: args.time }),
    ...(arrayParallelism === undefined ? {} : { arrayParallelism }),
    ...(jobs === undefined ? {} : { jobs }),
    sbatchArgs: args["sbatch-arg"] ?? [],
    dryRun: args["dry-run"] === true,
    env: io.env,
    cwd: io.cwd,
    execPath: process.execPath,
  });
  const shown = (path: string): string => shownPath(io.cwd, path);
  if (launch.jobId === undefined) {
    io.stdout(
      `wrote ${shown(launch.script)}: a job array of ${launch.tasks} task${launch.tasks === 1 ? "" : "s"} for ${configs.length} configs; submit it with:\n  ${shown(launch.sbatchCommand)}\n`,
    );
    return EXIT.ok;
  }
  const rerun = `npx sim sweep ${shown(resolve(io.cwd, args.file))} --out ${shown(outDir)} --launcher slurm --only-missing`;
  io.stdout(
    `submitted slurm job ${launch.jobId}: ${launch.tasks} task${launch.tasks === 1 ? "" : "s"} for ${configs.length} configs into ${shown(outDir)} (script ${shown(launch.script)})\n` +
      `follow it with:\n  squeue --array --jobs ${launch.jobId}\n  npx sim sweep status ${shown(outDir)}\n` +
      `when it has ended, run what is missing or failed with:\n  ${rerun}\n`,
  );
  if (args.wait !== true) return EXIT.ok;
  return waitForJob(io, launch.jobId, outDir);
}

/** --wait: polls Slurm until no task of the job is active, then runs the completeness check. Ctrl-C stops the waiting, not the job. */
async function waitForJob(io: CliIo, jobId: string, outDir: string): Promise<number> {
  const ended = await withStopSignals(io, async (stopRequested) => {
    io.stderr(`waiting for slurm job ${jobId} to end (Ctrl-C stops waiting, not the job)\n`);
    while (activeTasks([jobId], io.env, io.cwd).size > 0) {
      for (let waitedMs = 0; waitedMs < WAIT_POLL_MS && stopRequested() === undefined; waitedMs += 100) await sleep(100);
      const reason = stopRequested();
      if (reason !== undefined) {
        io.stderr(`sim: stopped waiting (${reason}); slurm job ${jobId} goes on: follow it with sim sweep status ${shownPath(io.cwd, outDir)}\n`);
        return false;
      }
    }
    return true;
  });
  return ended ? checkAndSummarise(io, [outDir]) : EXIT.interrupted;
}

/**
 * --only-missing: the configs `sim sweep status` names missing or failed in `outDir`,
 * which must hold this very sweep (an edited file is refused, not mixed) and no job
 * still at work on it.
 */
function missingConfigs(io: CliIo, sweep: LoadedSweep, outDir: string): SweepConfig[] {
  const manifest = readManifest(outDir);
  if (manifest.sweep_sha256 !== sweep.sweepSha256) {
    throw new UserError(
      `${sweep.file} is not the sweep in ${outDir} any more (its configs hash to ${sweep.sweepSha256.slice(0, 12)}, ${outDir}/sweep.json holds ${manifest.sweep_sha256.slice(0, 12)}): it changed after submission; restore it, or send the new sweep to another --out`,
    );
  }
  const { status } = statusWithJobs([outDir], io.env, io.cwd);
  const busy = status.configs.filter((state) => state.problems.some((p) => p.kind === "queued" || p.kind === "running"));
  if (busy.length > 0) {
    throw new UserError(
      `${busy.length} configs of ${outDir} are still queued or running on Slurm (e.g. ${busy[0]?.config.name}): wait for the job to end (sim sweep status ${outDir}) or scancel it, then rerun --only-missing`,
    );
  }
  const wanted = new Set(status.configs.filter((state) => state.problems.some((p) => p.kind === "missing" || p.kind === "failed")).map((state) => state.config.name));
  return sweep.configs.filter((config) => wanted.has(config.name));
}
