import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../../../src/errors.ts";
import { writeFileAtomicallySync } from "../../../io/atomicWrite.ts";
import type { LoadedSweep, SweepConfig } from "../loadSweep.ts";
import { manifestOf, writeManifest } from "../sweepManifest.ts";
import { harnessCommand } from "./harnessCommand.ts";
import { readLaunchRecord, recordSubmission, type Submission } from "./launchRecord.ts";
import { cancelJob, submitBatch } from "./slurmCommands.ts";
import { slurmScript } from "./slurmScript.ts";

/** The tasks' output files, under the sweep directory. */
export const SLURM_LOG_DIR = "slurm-logs";

export interface SlurmLaunchOptions {
  readonly outDir: string;
  /** Tasks of the array (one shard each), at most one per config. */
  readonly shards: number;
  /** The configs to run: every config, or those `--only-missing` found. */
  readonly configs: readonly SweepConfig[];
  readonly onlyMissing: boolean;
  readonly partition?: string;
  readonly time?: string;
  readonly arrayParallelism?: number;
  readonly jobs?: number;
  readonly sbatchArgs: readonly string[];
  readonly dryRun: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly execPath: string;
}

export interface SlurmLaunch {
  readonly script: string;
  readonly tasks: number;
  /** The command that submits the script (printed by --dry-run). */
  readonly sbatchCommand: string;
  /** Absent for a dry run. */
  readonly jobId?: string;
}

/**
 * Sends a sweep to Slurm as one job array, in phases:
 *   1. write sweep.json (routing fixed before anything is submitted) and the batch script
 *      beside it (with --only-missing also the list of configs it runs);
 *   2. unless a dry run, submit it with `sbatch --parsable`;
 *   3. record the job in launch.json. A refused submission removes the script and the
 *      list, and a job that cannot be recorded is cancelled, so nothing half-submitted is
 *      left looking alive.
 */
export function launchSlurm(sweep: LoadedSweep, options: SlurmLaunchOptions): SlurmLaunch {
  // Phase 1.
  mkdirSync(options.outDir, { recursive: true });
  writeManifest(options.outDir, manifestOf(sweep));
  const tasks = Math.max(1, Math.min(options.shards, options.configs.length));
  const ordinal = (readLaunchRecord(options.outDir)?.submissions.length ?? 0) + 1;
  const base = options.onlyMissing ? `sweep.missing-${ordinal}` : "sweep";
  const script = join(options.outDir, `${base}.sbatch`);
  const configList = options.onlyMissing ? join(options.outDir, `${base}.configs`) : undefined;
  const logDir = join(options.outDir, SLURM_LOG_DIR);
  mkdirSync(logDir, { recursive: true });
  if (configList !== undefined) writeFileAtomicallySync(configList, options.configs.map((config) => config.name).join("\n") + "\n");
  writeFileAtomicallySync(
    script,
    slurmScript({
      harness: harnessCommand(options.execPath),
      sweepFile: sweep.file,
      outDir: options.outDir,
      logDir,
      jobName: `sim-sweep-${sweep.scenarioName}`.slice(0, 64),
      tasks,
      sweepSha256: sweep.sweepSha256,
      ...(configList === undefined ? {} : { configList }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      ...(options.time === undefined ? {} : { time: options.time }),
      ...(options.arrayParallelism === undefined ? {} : { arrayParallelism: options.arrayParallelism }),
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
      sbatchArgs: options.sbatchArgs,
    }),
  );
  const sbatchCommand = `sbatch --parsable ${script}`;
  if (options.dryRun) return { script, tasks, sbatchCommand };

  // Phase 2.
  let jobId: string;
  try {
    jobId = submitBatch(script, options.env, options.cwd);
  } catch (error) {
    rmSync(script, { force: true });
    if (configList !== undefined) rmSync(configList, { force: true });
    throw error;
  }

  // Phase 3.
  const submission: Submission = {
    job_id: jobId,
    tasks,
    script: `${base}.sbatch`,
    configs: options.onlyMissing ? options.configs.map((config) => config.name) : null,
  };
  try {
    recordSubmission(options.outDir, sweep.sweepSha256, submission);
  } catch (error) {
    cancelJob(jobId, options.env, options.cwd);
    throw new UserError(
      `slurm job ${jobId} was submitted but could not be recorded in ${options.outDir}, so it was cancelled: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { script, tasks, sbatchCommand, jobId };
}
