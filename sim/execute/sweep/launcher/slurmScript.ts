import { UserError } from "../../../../src/errors.ts";
import { shellWord } from "./harnessCommand.ts";

export interface SlurmScriptOptions {
  /** The harness as a command: node and bin/sim.js (harnessCommand). */
  readonly harness: readonly string[];
  /** Absolute paths: the sweep file, the one shared sweep directory, the tasks' log directory. */
  readonly sweepFile: string;
  readonly outDir: string;
  readonly logDir: string;
  readonly jobName: string;
  readonly tasks: number;
  readonly sweepSha256: string;
  /** A file naming the configs of this job, one per line (an --only-missing resubmission); every config when absent. */
  readonly configList?: string;
  readonly partition?: string;
  readonly time?: string;
  readonly arrayParallelism?: number;
  /** `--jobs` for each task's pool; by default the CPUs Slurm gave the task. */
  readonly jobs?: number;
  readonly sbatchArgs: readonly string[];
}

/**
 * The batch script of a sweep's job array (docs/sweeps.md): every option in `#SBATCH`
 * lines, so that `sbatch --parsable SCRIPT` submits it as `sim sweep` did. Task i of n
 * runs `sim sweep FILE --out DIR --shard i/n` into the one shared directory, and refuses
 * to run if FILE no longer is the sweep that was submitted (`--sweep-sha256`), so an
 * edited file is never mixed into the directory.
 */
export function slurmScript(options: SlurmScriptOptions): string {
  for (const arg of options.sbatchArgs) {
    if (!arg.startsWith("-") || /[\r\n]/.test(arg))
      throw new UserError(`--sbatch-arg ${JSON.stringify(arg)}: expected one sbatch option on one line, e.g. --sbatch-arg=--qos=short`);
  }
  const array = `1-${options.tasks}${options.arrayParallelism === undefined ? "" : `%${options.arrayParallelism}`}`;
  const directives = [
    `--job-name=${options.jobName}`,
    `--array=${array}`,
    `--output=${options.logDir}/%A_%a.out`,
    ...(options.partition === undefined ? [] : [`--partition=${options.partition}`]),
    ...(options.time === undefined ? [] : [`--time=${options.time}`]),
    ...options.sbatchArgs,
  ];
  const command = [
    ...options.harness,
    "sweep",
    options.sweepFile,
    "--out",
    options.outDir,
    "--sweep-sha256",
    options.sweepSha256,
    ...(options.configList === undefined ? [] : ["--configs", options.configList]),
  ].map(shellWord);
  const jobs = options.jobs === undefined ? `"\${SLURM_CPUS_PER_TASK:-1}"` : String(options.jobs);
  return [
    "#!/bin/sh",
    "# A sweep as a Slurm job array, written by `sim sweep --launcher slurm` (docs/sweeps.md):",
    "# one task per shard, each running its configs into the one shared sweep directory.",
    ...directives.map((directive) => `#SBATCH ${directive}`),
    "set -eu",
    `exec ${command.join(" ")} --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --jobs ${jobs}`,
    "",
  ].join("\n");
}
