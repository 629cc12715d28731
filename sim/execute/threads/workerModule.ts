import { extname } from "node:path";
import { fileURLToPath } from "node:url";

/** A worker module to run on a thread, and tsx's loader when it is source. */
export interface WorkerModule {
  readonly entry: string;
  readonly tsxApi?: string;
}

/**
 * The module at `entry` (a file URL), with tsx's loader when it is TypeScript: worker
 * threads on Node 20 do not take `--import tsx`, so a worker run from source registers
 * the loader itself before it imports its module.
 */
export function workerModule(entry: string): WorkerModule {
  return extname(fileURLToPath(entry)) === ".ts" ? { entry, tsxApi: import.meta.resolve("tsx/esm/api") } : { entry };
}

/** The worker module `name` beside the module at `nextTo` (its import.meta.url), with that module's extension (.ts from source, .js built). */
export function siblingWorkerModule(name: string, nextTo: string): WorkerModule {
  return workerModule(new URL(`./${name}${extname(fileURLToPath(nextTo))}`, nextTo).href);
}
