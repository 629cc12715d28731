import Tinypool from "tinypool";
import { pathToFileURL } from "node:url";
import { workerModuleFile } from "../../execute/pool/workerPool.ts";
import type { WatchOutcome } from "./watchOutcome.ts";
import type { WatchTask } from "./watchWorker.ts";

/** A run's end: its outcome, or the word that a newer run replaced it. */
export type RunResult = WatchOutcome | "cancelled";

/**
 * Runs the watched scenario in one worker process (watchWorker.ts), one run at a time:
 * starting a run cancels the one in progress by ending its process, and the pool starts
 * a fresh worker at once, so the next save does not wait for a process to start. A run
 * in this process could not be cancelled: the model steps synchronously.
 */
export class CancellingRunner {
  private readonly pool: Tinypool;
  private inProgress: AbortController | undefined;

  constructor() {
    const { file, execArgv } = workerModuleFile(new URL("./watchWorker", import.meta.url), import.meta.url);
    this.pool = new Tinypool({ filename: pathToFileURL(file).href, runtime: "child_process", minThreads: 1, maxThreads: 1, execArgv, serialization: "advanced" });
  }

  async run(task: WatchTask): Promise<RunResult> {
    this.inProgress?.abort();
    const controller = new AbortController();
    this.inProgress = controller;
    try {
      return (await this.pool.run(task, { signal: controller.signal })) as WatchOutcome;
    } catch (error) {
      if (controller.signal.aborted) return "cancelled";
      throw error;
    } finally {
      if (this.inProgress === controller) this.inProgress = undefined;
    }
  }

  /** Cancels the run in progress and ends the worker. */
  async close(): Promise<void> {
    this.inProgress?.abort();
    await this.pool.destroy();
  }
}
