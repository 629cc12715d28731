import { join } from "node:path";
import type { RunStore } from "../../run/runStore.ts";
import type { ConfigProblem, ConfigState, SweepStatus } from "../sweepStatus.ts";
import { type LaunchRecord, taskOfConfig } from "./launchRecord.ts";
import type { ActiveTasks } from "./slurmCommands.ts";

/** Slurm's states of a task that has not run yet. */
const WAITING_STATES = new Set(["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SUSPENDED", "CONFIGURING"]);

/**
 * The last lifecycle event of the run directory, or undefined when it has none. The store's
 * events skip a half-written last line, so a task killed or still writing mid-line leaves
 * its run RUNNING, not looking as if it had not started. A read that fails keeps the
 * events read before it, as a status over a shared directory that other tasks are
 * writing must not stop at one run.
 */
function lastEventOf(runs: RunStore, runDir: string): string | undefined {
  let last: string | undefined;
  try {
    for (const recorded of runs.events(runDir)) {
      if (typeof recorded.event === "string") last = recorded.event;
    }
  } catch {
    return last;
  }
  return last;
}

/**
 * The status with the cluster's view laid over it: a config not complete whose job task
 * is still active on the cluster is not lost yet. It is `queued` while its task waits, or
 * while its task runs and its run has not started; `running` while its run has started
 * and not ended (its lifecycle file, events.jsonl, has no COMPLETED or FAILED). A run that
 * FAILED stays failed, and a config of a task that has ended stays missing or failed:
 * those are what `--only-missing` resubmits. Run directories are read through `runs`, the sweep store's RunStore.
 */
export function withJobStates(status: SweepStatus, record: LaunchRecord, active: ActiveTasks, runs: RunStore): SweepStatus {
  const owners = taskOfConfig(record, status.manifest.configs);
  const configs = status.configs.map((state): ConfigState => {
    if (state.run !== undefined) return state;
    const owner = owners.get(state.config.name);
    const taskState = owner === undefined ? undefined : active.get(`${owner.jobId}_${owner.task}`);
    if (owner === undefined || taskState === undefined) return state;
    if (state.problems.some((p) => p.kind !== "missing" && p.kind !== "failed")) return state;
    const where = `job ${owner.jobId} task ${owner.task} (${taskState})`;
    let problem: ConfigProblem;
    if (WAITING_STATES.has(taskState)) {
      problem = { config: state.config.name, kind: "queued", detail: `${where} has not started it` };
    } else {
      const lastEvent = status.dirs.map((dir) => lastEventOf(runs, join(dir, state.config.destination))).find((event) => event !== undefined);
      if (lastEvent === "FAILED") return state;
      problem =
        lastEvent === undefined
          ? { config: state.config.name, kind: "queued", detail: `${where} has not reached it yet` }
          : { config: state.config.name, kind: "running", detail: `${where}: its run is ${lastEvent}` };
    }
    return { ...state, problems: [problem] };
  });
  return { ...status, configs };
}

/**
 * A job of the sweep's launch record as the cluster sees it now, for `sim sweep status`
 * (a line of text) and its `--json` (an entry of `jobs`): `active` while Slurm still
 * lists some of its tasks, counted by state in lower case (`{ pending: 1, running: 2 }`);
 * `ended` once it lists none; `unknown` when squeue could not be asked (`detail` says
 * why), in which case the configs not complete are shown as lost.
 */
export interface SweepJob {
  readonly launcher: "slurm";
  readonly job_id: string;
  readonly tasks: number;
  /** The configs the job runs; null for every config of the sweep. */
  readonly configs: number | null;
  readonly state: "active" | "ended" | "unknown";
  readonly task_states: Readonly<Record<string, number>>;
  readonly detail?: string;
}

/** The record's jobs with the active tasks' states counted; `unknownBecause` when squeue could not say. */
export function sweepJobs(record: LaunchRecord, active: ActiveTasks | undefined, unknownBecause?: string): SweepJob[] {
  return record.submissions.map((submission) => {
    const states = new Map<string, number>();
    for (let task = 1; task <= submission.tasks; task++) {
      const state = active?.get(`${submission.job_id}_${task}`);
      if (state !== undefined) states.set(state.toLowerCase(), (states.get(state.toLowerCase()) ?? 0) + 1);
    }
    const common = { launcher: "slurm" as const, job_id: submission.job_id, tasks: submission.tasks, configs: submission.configs === null ? null : submission.configs.length };
    if (active === undefined) return { ...common, state: "unknown", task_states: {}, ...(unknownBecause === undefined ? {} : { detail: unknownBecause }) };
    const taskStates = Object.fromEntries([...states].sort(([a], [b]) => (a < b ? -1 : 1)));
    return { ...common, state: states.size === 0 ? "ended" : "active", task_states: taskStates };
  });
}

/** One line per job (`slurm job 4: 3 tasks (every config), 2 running, 1 pending`); one line for them all when their state is unknown. */
export function formatJobLines(jobs: readonly SweepJob[]): string {
  const unknown = jobs.filter((job) => job.state === "unknown");
  if (unknown.length > 0) {
    return `slurm job ${unknown.map((job) => job.job_id).join(", ")}: state unknown (${unknown[0]!.detail ?? "squeue did not answer"}); configs not complete are shown as lost\n`;
  }
  return jobs
    .map((job) => {
      const counts = Object.entries(job.task_states).map(([state, n]) => `${n} ${state}`);
      const configs = job.configs === null ? "every config" : `${job.configs} configs`;
      return `slurm job ${job.job_id}: ${job.tasks} task${job.tasks === 1 ? "" : "s"} (${configs}), ${counts.length === 0 ? "ended" : counts.join(", ")}\n`;
    })
    .join("");
}
