import type { Clock } from "../../io/clock.ts";
import type { SwarmBudget } from "./swarmBudget.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import { runSwarmCase, type SwarmCaseResult } from "./runSwarmCase.ts";
import type { Shard } from "../pool/shard.ts";
import { createWorkerPool, WorkerExitedError } from "../pool/workerPool.ts";
import type { SwarmTask } from "./swarmWorker.ts";
import { inSwarmShard, runsInSwarmShard } from "./swarmShard.ts";

export interface SwarmOptions {
  readonly swarmSeed: number;
  readonly budget: SwarmBudget;
  readonly jobs: number;
  readonly shard?: Shard;
  readonly clock: Clock;
  /** Polled between runs: true stops the swarm (no new run starts; running ones finish). */
  readonly stopRequested: () => boolean;
  /** Called for each run's result in run-index order, as soon as every earlier run is in. */
  readonly onResult: (result: SwarmCaseResult) => void;
  /** Runs one case; the default derives, checks and shrinks it (tests stand in a broken check). */
  readonly runCase?: (swarmSeed: number, runIndex: number) => SwarmCaseResult;
}

export interface SwarmReport {
  readonly runs: number;
  readonly checks: number;
  readonly failures: number;
  readonly wallMs: number;
  readonly interrupted: boolean;
}

/**
 * The run indices of this swarm, in order: with a run count, the indices below it that
 * fall in the shard (so that n shards together run exactly those runs); with a time
 * budget, the shard's indices without end.
 */
function* runIndices(budget: SwarmBudget, shard: Shard | undefined): Generator<number> {
  const end = "runs" in budget ? budget.runs : Number.MAX_SAFE_INTEGER;
  for (let runIndex = 0; runIndex < end; runIndex++) if (inSwarmShard(runIndex, shard)) yield runIndex;
}

/** Hands results on in run-index order, holding back any that arrive before an earlier one. */
class InOrder {
  private readonly held = new Map<number, SwarmCaseResult>();
  private readonly order: number[] = [];
  private next = 0;

  constructor(private readonly emit: (result: SwarmCaseResult) => void) {}

  started(runIndex: number): void {
    this.order.push(runIndex);
  }

  arrived(result: SwarmCaseResult): void {
    this.held.set(result.runIndex, result);
    while (this.next < this.order.length && this.held.has(this.order[this.next] as number)) {
      const runIndex = this.order[this.next++] as number;
      this.emit(this.held.get(runIndex) as SwarmCaseResult);
      this.held.delete(runIndex);
    }
  }
}

/**
 * Runs the swarm: derives each run's case from (seed, index), checks it and shrinks any
 * failure, in this process (`jobs` 1) or on `jobs` worker processes. Which runs happen
 * depends only on the seed, the budget and the shard (and, with a time budget, on how
 * far the time went); what each run finds depends only on the seed and its index.
 */
export async function runSwarm(options: SwarmOptions): Promise<SwarmReport> {
  const { clock, budget } = options;
  const startMs = clock.monotonicMs();
  const deadlineMs = "minutes" in budget ? startMs + budget.minutes * 60_000 : Infinity;
  let runs = 0;
  let checks = 0;
  let failures = 0;
  let interrupted = false;
  const inOrder = new InOrder((result) => {
    runs++;
    checks += result.checks;
    if (result.failure !== undefined) failures++;
    options.onResult(result);
  });
  const indices = runIndices(budget, options.shard);
  /** The next run to start, or undefined when the budget is spent or a stop was asked for. */
  const nextIndex = (): number | undefined => {
    if (options.stopRequested()) {
      interrupted = true;
      return undefined;
    }
    if (clock.monotonicMs() >= deadlineMs) return undefined;
    const next = indices.next();
    if (next.done) return undefined;
    inOrder.started(next.value);
    return next.value;
  };

  if (options.jobs <= 1 || options.runCase !== undefined) {
    const runCase = options.runCase ?? runSwarmCase;
    for (let runIndex = nextIndex(); runIndex !== undefined; runIndex = nextIndex()) {
      inOrder.arrived(runCase(options.swarmSeed, runIndex));
      // Lets a signal handler run between cases: the cases themselves are synchronous.
      await yieldToEventLoop();
    }
  } else {
    // No more worker processes than runs, as the sweep sizes its pool by its configs.
    const workers = "runs" in budget ? Math.max(1, Math.min(options.jobs, runsInSwarmShard(budget.runs, options.shard))) : options.jobs;
    // With a time budget, small batches: a batch runs to its end even past the deadline.
    const total = "runs" in budget ? runsInSwarmShard(budget.runs, options.shard) : undefined;
    let handedOut = 0;
    const batchRuns = (): number => {
      if (total === undefined) return 4;
      const size = guidedBatchRuns(total - handedOut, workers);
      handedOut += size;
      return size;
    };
    await runOnWorkers(
      options.swarmSeed,
      workers,
      batchRuns,
      nextIndex,
      (result) => inOrder.arrived(result),
      () => {
        if (options.stopRequested()) interrupted = true;
        return interrupted;
      },
    );
  }
  return { runs, checks, failures, wallMs: clock.monotonicMs() - startMs, interrupted };
}

/** How often the swarm looks for a stop while cases run on workers: a stop ends the cases in flight within this. */
const STOP_POLL_MS = 50;
/** How long a worker's death waits for this process's own signal before it counts as a failure of the harness. */
const WORKER_EXIT_GRACE_MS = 300;

/**
 * Runs a worker takes per hand-over at most. A case is a few milliseconds of work, and
 * handing one over (a message each way, the worker waking, the result's lane taking the
 * next) cost about as much: with one case per hand-over, two workers ran a 500-run swarm
 * slower than this process alone. A batch of cases per message pays that once per batch.
 */
const MAX_BATCH_RUNS = 16;
/** Hand-overs per worker the runs still to hand out are cut into at least, so that the lanes end close together. */
const BATCHES_PER_WORKER = 8;

/**
 * The runs of the next hand-over when `remaining` runs are left for `workers` workers: a
 * share of what is left (BATCHES_PER_WORKER per worker), at most MAX_BATCH_RUNS, so the
 * batches shrink towards one run as the swarm nears its end. Batches of one fixed size
 * ended a 500-run swarm's two lanes 12 runs apart (31 batches of 16 and one of 4), one
 * worker running alone for about 0.2 s of a 5 s swarm on two cores; shrinking ones end
 * lanes of equal runs within one run of each other, for a few more hand-overs at the end.
 */
export function guidedBatchRuns(remaining: number, workers: number): number {
  return Math.max(1, Math.min(MAX_BATCH_RUNS, Math.ceil(remaining / (workers * BATCHES_PER_WORKER))));
}

/**
 * V8's options for the swarm's workers. A case touches much code in shapes that vary from
 * case to case, so V8's optimising compiler keeps recompiling (about one deoptimisation per
 * case) and, with inlining, took a third of a worker's CPU on its background thread: 1.8
 * to 2.2 s beside 3.3 to 3.6 s on the main thread, each worker of a 500-run swarm. That
 * thread costs `--jobs 1` no time, its process having the second core to itself for it,
 * but each worker of `--jobs 2` takes it from the other. Without inlining it fell to 1.1
 * to 1.4 s, and with young objects collected less often (semi-space 32 MiB, Node's
 * default 16) to 1.0 to 1.1 s, the main threads unchanged within noise: the two workers
 * spent 9.3 s of CPU where they spent 10.7 to 11.4 s (alternated runs at load 24). The
 * flags change how fast code runs, never what it computes.
 */
const SWARM_WORKER_V8_FLAGS = ["--no-turbo-inlining", "--max-semi-space-size=32"] as const;

/**
 * Keeps `jobs` workers of the sweep's pool (child processes) busy with a batch of cases
 * each until `nextIndex` runs dry: each lane takes the next batch as soon as its last
 * one is in. Results still arrive in run order (InOrder holds them back). A stop
 * (`stopped`) ends the batches in flight at once: a case is derived from the seed and
 * its index alone, so an unfinished one is simply not reported.
 */
async function runOnWorkers(
  swarmSeed: number,
  jobs: number,
  batchRuns: () => number,
  nextIndex: () => number | undefined,
  arrived: (result: SwarmCaseResult) => void,
  stopped: () => boolean,
): Promise<void> {
  const pool = createWorkerPool<SwarmTask, SwarmCaseResult[]>({
    moduleWithoutExtension: new URL("./swarmWorker", import.meta.url),
    callerUrl: import.meta.url,
    workers: jobs,
    v8Flags: SWARM_WORKER_V8_FLAGS,
  });
  const nextBatch = (): number[] => {
    const batch: number[] = [];
    const size = batchRuns();
    while (batch.length < size) {
      const runIndex = nextIndex();
      if (runIndex === undefined) break;
      batch.push(runIndex);
    }
    return batch;
  };
  let destroyed = false;
  const poll = setInterval(() => {
    if (!destroyed && stopped()) {
      destroyed = true;
      void pool.destroy();
    }
  }, STOP_POLL_MS);
  try {
    await Promise.all(
      Array.from({ length: jobs }, async () => {
        for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
          try {
            for (const result of await pool.run({ swarmSeed, runIndices: batch })) arrived(result);
          } catch (error) {
            // A signal to the whole process group may end a worker before this process sees its own.
            if (error instanceof WorkerExitedError) {
              for (let waited = 0; waited < WORKER_EXIT_GRACE_MS && !stopped(); waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
            }
            if (stopped()) return;
            throw new Error(`swarm runs ${batch.join(", ")} failed in a worker:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }
        }
      }),
    );
  } finally {
    clearInterval(poll);
    await pool.destroy();
  }
}
