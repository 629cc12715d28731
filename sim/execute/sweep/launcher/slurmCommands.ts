import { spawnSync } from "node:child_process";
import { UserError } from "../../../../src/errors.ts";
import { errnoOf } from "../../../io/errnoReason.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** A Slurm client command's run: its output, or a UserError (exit 2) with Slurm's own message. */
function runSlurm(tool: string, args: readonly string[], env: Env, cwd: string): string {
  const result = spawnSync(tool, args, { env: env as NodeJS.ProcessEnv, cwd, encoding: "utf8", timeout: 120_000 });
  if (result.error !== undefined) {
    const code = errnoOf(result.error);
    if (code === "ENOENT") throw new UserError(`${tool}: not found: Slurm's client commands are not installed here (Debian: apt-get install slurm-client), or not on PATH`);
    throw new UserError(`${tool} ${args.join(" ")}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const message = (result.stderr || result.stdout).trim() || `exit status ${result.status ?? result.signal}`;
    throw new UserError(`${tool} refused: ${message}`);
  }
  return result.stdout;
}

/** `sbatch --parsable SCRIPT`: the job id Slurm gave the array (`--parsable` prints `id` or `id;cluster`). */
export function submitBatch(script: string, env: Env, cwd: string): string {
  const out = runSlurm("sbatch", ["--parsable", script], env, cwd).trim();
  const jobId = out.split(";")[0] ?? "";
  if (!/^\d+$/.test(jobId)) throw new UserError(`sbatch --parsable ${script} printed ${JSON.stringify(out)}, not a job id`);
  return jobId;
}

/** Array task states Slurm still knows as active, keyed `jobId_task`: PENDING, RUNNING, COMPLETING and the like. */
export type ActiveTasks = ReadonlyMap<string, string>;

/**
 * The active tasks of the given jobs (`squeue -r`, one line per array task). A job that
 * has ended has no lines; a job id squeue no longer knows ("Invalid job id") has ended too.
 */
export function activeTasks(jobIds: readonly string[], env: Env, cwd: string): ActiveTasks {
  const tasks = new Map<string, string>();
  if (jobIds.length === 0) return tasks;
  let out: string;
  try {
    out = runSlurm("squeue", ["--noheader", "--array", "--jobs", jobIds.join(","), "--format", "%i|%T"], env, cwd);
  } catch (error) {
    if (error instanceof UserError && /Invalid job id/i.test(error.message)) return tasks;
    throw error;
  }
  for (const line of out.split("\n")) {
    const [id, state] = line.trim().split("|");
    if (id === undefined || state === undefined || id === "") continue;
    // A pending array not yet split prints `12_[2-3]`; every task in the range is pending.
    const range = /^(\d+)_\[(\d+)-(\d+)(?:%\d+)?\]$/.exec(id);
    if (range) {
      for (let task = Number(range[2]); task <= Number(range[3]); task++) tasks.set(`${range[1]}_${task}`, state);
    } else {
      tasks.set(id, state);
    }
  }
  return tasks;
}

/** `scancel JOB`: used only to take back a job this command itself submitted and could not record. */
export function cancelJob(jobId: string, env: Env, cwd: string): void {
  runSlurm("scancel", [jobId], env, cwd);
}
