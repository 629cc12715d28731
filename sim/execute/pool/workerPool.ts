import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Tinypool from "tinypool";
import { errnoOf } from "../../io/errnoReason.ts";

/** A worker process ended (killed, crashed or out of memory) while it ran a task: the task itself did not fail. */
export class WorkerExitedError extends Error {}

/**
 * The errors of writing to a worker whose process has already ended: a signal to the whole
 * process group ends the workers, and the task sent to one in that instant fails on its
 * closed pipe (tinypool sends without a callback, so the child process emits the error).
 */
const DEAD_CHANNEL_CODES: ReadonlySet<string> = new Set(["EPIPE", "ECONNRESET", "ERR_IPC_CHANNEL_CLOSED"]);

/**
 * A task's failure as an Error with the task's own message. tinypool hands back an error
 * thrown in a child process as a plain object (its fields copied), whose String() is
 * "[object Object]"; a worker that died is tinypool's own Error, or the pipe's error when
 * the task was sent to it as it died.
 */
export function workerErrorOf(error: unknown): Error {
  if (error instanceof Error) {
    const code = errnoOf(error);
    const workerEnded = /exited unexpectedly|terminat/i.test(error.message) || (code !== undefined && DEAD_CHANNEL_CODES.has(code));
    return workerEnded ? new WorkerExitedError(`${error.message}: its worker process ended (killed, or out of memory)`) : error;
  }
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const copy = new Error(error.message);
    if ("name" in error && typeof error.name === "string") copy.name = error.name;
    return copy;
  }
  return new Error(String(error));
}

/** A pool of worker processes running one module's default export on each task. */
export interface WorkerPool<Task, Result> {
  run(task: Task): Promise<Result>;
  /** Drops the tasks not started yet (their promises reject). */
  cancelPending(): void;
  /** Ends every worker, killing any still running a task. */
  destroy(): Promise<void>;
}

export interface WorkerPoolOptions {
  /**
   * The worker module, as a file URL without extension (`new URL("./sweepWorker", import.meta.url)`):
   * the pool loads it with the caller's own extension (see workerModuleFile).
   */
  readonly moduleWithoutExtension: URL;
  /** The caller's import.meta.url, which says whether the code runs built (.js) or from source (.ts). */
  readonly callerUrl: string;
  readonly workers: number;
  /** V8 options for the workers' processes, e.g. the swarm's (runSwarm.ts says why), put before the module's own. */
  readonly v8Flags?: readonly string[];
}

/**
 * V8's options for a pool whose workers have a core each or less (as many workers as
 * cores): V8 collects garbage and compiles optimised code on the worker's own thread
 * only. Its helper threads (the parallel scavenger, the concurrent marker, the
 * optimising compiler's background thread) cost a worker with a core to spare nothing,
 * but with every core busy with a worker they only take turns with the other workers,
 * and their hand-offs add work. Garbage collection: a worker running 12 of the bench
 * sweep's configs spent 2.47 to 2.52 s of CPU with the collector's helpers off against
 * 2.53 to 2.62 s with them on, its main thread the same (1.91 to 1.98 s), alternated at
 * load 17. Compiling: the compiler thread took 0.47 to 0.50 s of those 12 configs, and
 * compiling on the main thread instead (--no-concurrent-recompilation) made the main
 * thread 0.25 to 0.4 s slower, 2.29 to 2.53 s of CPU in all against 2.43 to 2.56 s
 * (alternated, load 6 to 9); the bench's two-worker sweep spent 4.8 s of its workers' CPU
 * against 5.0 and 5.1 s (sweep-speedup-from-cpu@jobs2 1.50 and 1.56 against 1.36 and
 * 1.37, load 8). A swarm's workers spent the same with either (10.1 and 10.4 s against
 * 10.2 s, load 9 to 12). How fast code runs, never what it computes.
 */
export function poolV8Flags(workers: number, cores: number = availableParallelism()): string[] {
  return workers >= cores ? ["--single-threaded-gc", "--no-concurrent-recompilation"] : [];
}

/**
 * A tinypool pool of child processes (processes rather than threads: a worker that
 * crashes or is killed takes only its own task with it, and a TypeScript module can be
 * loaded through tsx, which worker threads do not support on Node 20). The worker module
 * is loaded with the same extension as the caller, so built code (dist/, .js) runs built
 * workers and source code (vitest, bin/sim-dev.js, .ts) runs source workers through tsx:
 * a pool never runs a different version of the code than the process that made it.
 */
export function createWorkerPool<Task, Result>(options: WorkerPoolOptions): WorkerPool<Task, Result> {
  const { file, execArgv } = workerModuleFile(options.moduleWithoutExtension, options.callerUrl);
  const pool = new Tinypool({
    filename: pathToFileURL(file).href,
    runtime: "child_process",
    // As many workers kept as allowed: tinypool replaces a worker that dies only up to minThreads,
    // so with fewer the tasks queued behind a killed worker would wait forever.
    minThreads: options.workers,
    maxThreads: options.workers,
    execArgv: [...poolV8Flags(options.workers), ...(options.v8Flags ?? []), ...execArgv],
    serialization: "advanced",
  });
  return {
    run: async (task) => {
      try {
        return (await pool.run(task)) as Result;
      } catch (error) {
        throw workerErrorOf(error);
      }
    },
    cancelPending: () => pool.cancelPendingTasks(),
    destroy: () => pool.destroy(),
  };
}

/** The worker module's file for a caller at `callerUrl`, and the Node options that load it. */
export function workerModuleFile(moduleWithoutExtension: URL, callerUrl: string): { file: string; execArgv: string[] } {
  const extension = extname(fileURLToPath(callerUrl));
  const file = `${fileURLToPath(moduleWithoutExtension)}${extension}`;
  if (extension !== ".ts") return { file, execArgv: [] };
  // Resolved from here, not from the working directory, so that a sweep started anywhere finds tsx.
  const tsx = createRequire(callerUrl).resolve("tsx");
  return { file, execArgv: ["--import", pathToFileURL(tsx).href] };
}
