import { UserError } from "../../../../src/errors.ts";
import type { Shard } from "../../pool/shard.ts";
import { nodeSweepStore } from "../nodeSweepStore.ts";
import { type SweepStatus, sweepStatus } from "../sweepStatus.ts";
import type { SweepStore } from "../sweepStore.ts";
import { formatJobLines, type SweepJob, sweepJobs, withJobStates } from "./jobStates.ts";
import { type LaunchRecord, readLaunchRecord } from "./launchRecord.ts";
import { type ActiveTasks, activeTasks } from "./slurmCommands.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The sweep's status with its cluster jobs' view laid over it, the jobs (sweepJobs), and
 * their lines to print; the plain status and no jobs without a launch record.
 */
export function statusWithJobs(
  dirs: readonly string[],
  env: Env,
  cwd: string,
  shard?: Shard,
  only?: ReadonlySet<string>,
  store: SweepStore = nodeSweepStore,
): { status: SweepStatus; jobs: SweepJob[]; jobLines: string } {
  const status = sweepStatus(store, dirs, shard, only);
  const record = readLaunchRecord(dirs[0] as string);
  if (record === undefined || record.sweep_sha256 !== status.manifest.sweep_sha256) return { status, jobs: [], jobLines: "" };
  let active: ActiveTasks;
  try {
    active = activeTasks(jobIdsOf(record), env, cwd);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const jobs = sweepJobs(record, undefined, error.message);
    return { status, jobs, jobLines: formatJobLines(jobs) };
  }
  const jobs = sweepJobs(record, active);
  return { status: withJobStates(status, record, active, store.runs), jobs, jobLines: formatJobLines(jobs) };
}

function jobIdsOf(record: LaunchRecord): string[] {
  return record.submissions.map((submission) => submission.job_id);
}
