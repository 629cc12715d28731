import { UserError } from "../../../../src/errors.ts";
import type { Shard } from "../../pool/shard.ts";
import { nodeSweepStore } from "../nodeSweepStore.ts";
import { type SweepStatus, sweepStatus } from "../sweepStatus.ts";
import { formatJobLines, withJobStates } from "./jobStates.ts";
import { type LaunchRecord, readLaunchRecord } from "./launchRecord.ts";
import { type ActiveTasks, activeTasks } from "./slurmCommands.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The sweep's status with its cluster jobs' view laid over it, and the job lines to print; the plain status without a launch record. */
export function statusWithJobs(dirs: readonly string[], env: Env, cwd: string, shard?: Shard, only?: ReadonlySet<string>): { status: SweepStatus; jobLines: string } {
  const status = sweepStatus(nodeSweepStore, dirs, shard, only);
  const record = readLaunchRecord(dirs[0] as string);
  if (record === undefined || record.sweep_sha256 !== status.manifest.sweep_sha256) return { status, jobLines: "" };
  let active: ActiveTasks;
  try {
    active = activeTasks(jobIdsOf(record), env, cwd);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const ids = jobIdsOf(record).join(", ");
    return { status, jobLines: `slurm job ${ids}: state unknown (${error.message}); configs not complete are shown as lost\n` };
  }
  return { status: withJobStates(status, record, active), jobLines: formatJobLines(record, active) };
}

function jobIdsOf(record: LaunchRecord): string[] {
  return record.submissions.map((submission) => submission.job_id);
}

