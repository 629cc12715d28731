import "../pool/workerProcess.ts";
import { systemClock } from "../../io/clock.ts";
import { executeRun } from "../run/executeRun.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";

/** What the sweep hands a worker: one config's resolved scenario and its run directory. */
export interface SweepTask {
  readonly scenario: Scenario;
  readonly outDir: string;
  /** The sweep's id (sweepWandbGroup): the W&B group of every config's run. */
  readonly wandbGroup: string;
  /** Threads for the run (default: its world's choice within `cores`), and its share of the machine's cores. */
  readonly threads?: number;
  readonly cores?: number;
}

export interface SweepTaskResult {
  readonly status: "completed" | "interrupted";
  readonly metricsSha256?: string;
  readonly wallMs: number;
}

/**
 * The worker's entry (workerPool.ts loads this module's default export): runs one config
 * exactly as `sim run <scenario> --out <dir>` would, with the same executeRun and the
 * same defaults (no per-rank file, no trace, no snapshots), so the run directory is the
 * one `sim run` writes, but for its W&B run's group: the sweep's id, so that W&B groups a
 * sweep's configs. A failure rejects the task; the run directory's events.jsonl
 * says why, for `sim sweep status`.
 */
export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  const outcome = await executeRun(
    {
      scenario: task.scenario,
      outDir: task.outDir,
      perRank: false,
      trace: false,
      wandb: { group: task.wandbGroup },
      ...(task.threads !== undefined ? { threads: task.threads } : {}),
      ...(task.cores !== undefined ? { cores: task.cores } : {}),
    },
    { clock: systemClock, stopRequested: () => undefined },
  );
  return { status: outcome.status, wallMs: outcome.wallMs, ...(outcome.artifacts ? { metricsSha256: outcome.artifacts.metrics_sha256 } : {}) };
}
