import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Tinypool from "tinypool";

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
    execArgv,
    serialization: "advanced",
  });
  return {
    run: (task) => pool.run(task) as Promise<Result>,
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
