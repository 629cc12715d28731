import { join } from "node:path";
import { makeDirectory } from "../../io/makeDirectory.ts";
import { removeSweepTemporaries } from "./sweepDirectory.ts";
import { nodeRunStore } from "../run/nodeRunStore.ts";
import { findRuns } from "./findRuns.ts";
import type { LoadedSweep, SweepConfig } from "./loadSweep.ts";
import { itemsOfShard, type Shard } from "../pool/shard.ts";
import { manifestOf, writeManifest } from "./sweepManifest.ts";
import type { SweepTask, SweepTaskResult } from "./sweepWorker.ts";
import { createWorkerPool, WorkerExitedError } from "../pool/workerPool.ts";
import { coresPerJob } from "../threads/engineThreads.ts";

/** What happened to one config in this invocation. */
export type ConfigOutcome = { readonly kind: "skipped" } | { readonly kind: "completed"; readonly wallMs: number } | { readonly kind: "failed"; readonly reason: string };

/** Reported after each config finishes (the hook a progress display draws from). */
export interface SweepProgress {
  readonly config: string;
  readonly outcome: ConfigOutcome;
  /** Configs of this invocation finished so far (skipped ones included), and their total. */
  readonly done: number;
  readonly total: number;
}

export interface SweepRunOptions {
  readonly outDir: string;
  readonly jobs: number;
  /** Threads per config (default: each config's share of the cores, so that jobs times threads fits them). */
  readonly threads?: number;
  readonly shard?: Shard;
  /** Run only these configs (then `shard` of them): an --only-missing job's list. */
  readonly only?: ReadonlySet<string>;
  readonly onProgress?: (progress: SweepProgress) => void;
  /** Polled while configs run: a reason stops the sweep (pending configs are dropped, running ones killed). */
  readonly stopRequested: () => string | undefined;
}

export interface SweepRunResult {
  /** The configs of this invocation (the shard's, with --shard). */
  readonly configs: readonly SweepConfig[];
  readonly skipped: number;
  readonly completed: number;
  readonly failed: readonly { readonly config: string; readonly reason: string }[];
  readonly stopReason?: string;
}

/**
 * A sweep's id, the W&B group of its configs' runs: `sweep-` and the first 8 hex digits
 * of its sweep_sha256, so that the shards of one sweep, run on different machines, share it.
 */
export function sweepWandbGroup(sweepSha256: string): string {
  return `sweep-${sweepSha256.slice(0, 8)}`;
}

/** How often a running sweep looks at stopRequested: a stop ends the configs in flight within this. */
const STOP_POLL_MS = 50;
/** How long a worker's death waits for this process's own signal before it counts as the config's failure. */
const WORKER_EXIT_GRACE_MS = 300;

/** Resolves once `stopNow()` is true or `ms` have passed. */
async function waitForStop(stopNow: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; waited < ms && !stopNow(); waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
}

/**
 * Runs a loaded sweep into `outDir`, in phases:
 *   1. write sweep.json (the routing of every config, fixed before any run);
 *   2. take the shard's configs and skip those already complete in place with the same
 *      scenario hash and steps (so a rerun resumes an interrupted sweep);
 *   3. run the rest on a pool of `jobs` worker processes, each into `outDir/<config>/`.
 * A config whose run fails is recorded and the others go on; `sim sweep status` names it.
 */
export async function runSweep(sweep: LoadedSweep, options: SweepRunOptions): Promise<SweepRunResult> {
  // Phase 1.
  makeDirectory(options.outDir, "--out");
  // A shard shares its directory with the other shards of the sweep, which run at the
  // same time (a Slurm array's tasks): a temporary of sweep.json there may be another
  // shard's write in flight, so only a whole sweep, the directory's one writer, clears them.
  if (options.shard === undefined) removeSweepTemporaries(options.outDir);
  writeManifest(options.outDir, manifestOf(sweep));

  // Phase 2.
  const only = options.only;
  const scoped = only === undefined ? sweep.configs : sweep.configs.filter((config) => only.has(config.name));
  const configs = options.shard === undefined ? [...scoped] : itemsOfShard(scoped, (c) => c.costRankSteps, options.shard);
  const completedHere = new Map(
    findRuns(options.outDir, nodeRunStore)
      .filter((run) => run.completed)
      .map((run) => [run.path, run]),
  );
  const isDone = (config: SweepConfig): boolean => {
    const run = completedHere.get(config.name);
    return run !== undefined && run.scenarioSha256 === config.scenarioSha256 && run.steps === config.steps;
  };
  const toRun = configs.filter((config) => !isDone(config));
  let done = 0;
  const report = (config: string, outcome: ConfigOutcome): void => options.onProgress?.({ config, outcome, done: ++done, total: configs.length });
  for (const config of configs) if (isDone(config)) report(config.name, { kind: "skipped" });

  // Phase 3.
  const ran = toRun.length === 0 ? { completed: 0, failed: [] } : await runOnPool(sweep, toRun, options, report);
  return { configs, skipped: configs.length - toRun.length, ...ran };
}

/**
 * Phase 3 of runSweep: the configs on a pool of worker processes, longest first, one
 * lane per worker, each lane taking the next config only once its last one is done and
 * only while no stop was asked for, so that no config starts after a signal. A stop kills the configs in
 * flight at once (their run directories are recognised and redone by the next
 * invocation); a worker's death that a signal explains is a stop, not a failure.
 */
async function runOnPool(
  sweep: LoadedSweep,
  toRun: readonly SweepConfig[],
  options: SweepRunOptions,
  report: (config: string, outcome: ConfigOutcome) => void,
): Promise<Pick<SweepRunResult, "completed" | "failed" | "stopReason">> {
  const failed: { config: string; reason: string }[] = [];
  let completed = 0;
  let stopReason: string | undefined;
  const workers = Math.max(1, Math.min(options.jobs, toRun.length));
  const pool = createWorkerPool<SweepTask, SweepTaskResult>({ moduleWithoutExtension: new URL("./sweepWorker", import.meta.url), callerUrl: import.meta.url, workers });
  // Each config's run picks its threads for its world within its worker's share of the
  // cores, so that the pool's workers times their threads do not oversubscribe them.
  const threads = { cores: coresPerJob(workers), ...(options.threads !== undefined ? { threads: options.threads } : {}) };
  const stopNow = (): boolean => {
    if (stopReason === undefined) stopReason = options.stopRequested();
    return stopReason !== undefined;
  };
  const poll = setInterval(() => {
    if (stopReason === undefined && stopNow()) void pool.destroy();
  }, STOP_POLL_MS);
  // Longest first, by the cost estimate sharding uses (steps x world size), so that the
  // last configs to run, each alone on its worker while the others are done, are short
  // ones. Only the order they start in changes: each writes its own directory, and the
  // summary lists them in sweep.json's order. Ties keep that order (the sort is stable).
  const order = [...toRun].sort((a, b) => b.costRankSteps - a.costRankSteps);
  let next = 0;
  // A config's result and a signal can arrive together; the pending I/O callbacks (the
  // signal's among them) run before the next config is taken, so that the stop is seen
  // first and the config is not handed out after the signal.
  const takeNext = async (): Promise<SweepConfig | undefined> => {
    await new Promise((resolve) => setImmediate(resolve));
    return stopNow() ? undefined : order[next++];
  };
  const lane = async (): Promise<void> => {
    for (let config = await takeNext(); config !== undefined; config = await takeNext()) {
      try {
        const result = await pool.run({ scenario: config.scenario, outDir: join(options.outDir, config.name), wandbGroup: sweepWandbGroup(sweep.sweepSha256), ...threads });
        completed++;
        report(config.name, { kind: "completed", wallMs: result.wallMs });
      } catch (error) {
        // A signal to the whole process group reaches the workers too: a worker may die of
        // it just before this process sees its own.
        if (error instanceof WorkerExitedError) await waitForStop(stopNow, WORKER_EXIT_GRACE_MS);
        if (stopNow()) return;
        const reason = error instanceof Error ? error.message : String(error);
        failed.push({ config: config.name, reason });
        report(config.name, { kind: "failed", reason });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    clearInterval(poll);
    await pool.destroy();
  }
  return { completed, failed, ...(stopReason === undefined ? {} : { stopReason }) };
}
