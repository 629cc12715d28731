import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AssertionError, UserError } from "../../../src/errors.ts";
import { nodeRunStore } from "../run/nodeRunStore.ts";
import { type FoundRun, MAX_DEPTH } from "./findRuns.ts";
import { type RunsReadReply, type RunsToRead, readRunsOnDisk } from "./findRunsWorker.ts";
import { nodeSweepStore } from "./nodeSweepStore.ts";
import type { SweepManifest } from "./sweepManifest.ts";
import { readManifests } from "./sweepStatus.ts";
import type { SweepStore } from "./sweepStore.ts";

/**
 * Below this many runs per thread, a thread's start (loading the readers and the TOML
 * parser, about a tenth of a second) costs more than the reading it would take over.
 */
const MIN_RUNS_PER_THREAD = 500;

/**
 * The thread's bootstrap, evaluated as a script: it loads the reader (through tsx's
 * loader when the code runs from source, since worker threads on Node 20 do not take
 * `--import tsx`), reads its slice and posts the runs, or the error that stopped it.
 */
const BOOTSTRAP = `
const { workerData, parentPort } = require("node:worker_threads");
(async () => {
  try {
    if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
    const { readRunsOnDisk } = await import(workerData.entry);
    parentPort.postMessage({ runs: readRunsOnDisk(workerData.slice) });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ error: { name: failure.name, message: failure.message, exitCode: failure.exitCode } });
  }
})();
`;

function workerEntry(): { entry: string; tsxApi?: string } {
  const entry = new URL(`./findRunsWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
  return extname(fileURLToPath(entry)) === ".ts" ? { entry, tsxApi: import.meta.resolve("tsx/esm/api") } : { entry };
}

/** Reads `slice` on a thread of its own; rejects with the thread's error (a UserError stays one, with its exit code). */
function readOnThread(slice: RunsToRead): Promise<readonly FoundRun[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: { slice, ...workerEntry() } });
    let replied = false;
    worker.once("message", (reply: RunsReadReply) => {
      replied = true;
      void worker.terminate();
      if ("runs" in reply) resolve(reply.runs);
      else reject(reply.error.name === "UserError" ? new UserError(reply.error.message, reply.error.exitCode) : new Error(reply.error.message));
    });
    worker.once("error", (error) => reject(error));
    worker.once("exit", (code) => {
      if (!replied) reject(new AssertionError(`a thread reading the sweep's runs ended (exit ${code}) before it answered`));
    });
  });
}

/**
 * findRuns of every directory in `dirs` at once, the runs split into contiguous slices
 * read side by side: one on this thread and one on a worker thread per further core, so
 * that checking a 10,000-config sweep (parsing each run's scenario to check its hash is
 * most of it) uses every core. The answer is findRuns' own, in its order; the first error
 * in that order is the one thrown, as findRuns would throw it.
 */
export async function findRunsOnThreads(dirs: readonly string[], threads = availableParallelism(), minRunsPerThread = MIN_RUNS_PER_THREAD): Promise<FoundRun[][]> {
  const runDirsByDir = dirs.map((dir) => nodeRunStore.runDirectories(dir, MAX_DEPTH));
  const all: RunsToRead = {
    sweepDirs: dirs,
    sweepDirIndex: runDirsByDir.flatMap((runDirs, index) => runDirs.map(() => index)),
    runDirs: runDirsByDir.flat(),
  };
  const count = Math.max(1, Math.min(threads, Math.floor(all.runDirs.length / minRunsPerThread)));
  const size = Math.ceil(all.runDirs.length / count);
  const slices = Array.from({ length: count }, (_, i) => ({
    sweepDirs: all.sweepDirs,
    sweepDirIndex: all.sweepDirIndex.slice(i * size, (i + 1) * size),
    runDirs: all.runDirs.slice(i * size, (i + 1) * size),
  }));
  // The other slices start first, on their threads; this thread reads the first meanwhile.
  const others = slices.slice(1).map((slice) => readOnThread(slice));
  // Every thread's outcome is awaited before one is thrown, so that none is left unhandled.
  const settled = [await settle(async () => readRunsOnDisk(slices[0] as RunsToRead)), ...(await Promise.all(others.map((p) => settle(() => p))))];
  const failed = settled.find((outcome) => "error" in outcome);
  if (failed !== undefined && "error" in failed) throw failed.error;
  const runs = settled.flatMap((outcome) => ("runs" in outcome ? outcome.runs : []));
  let next = 0;
  return runDirsByDir.map((runDirs) => runs.slice(next, (next += runDirs.length)));
}

async function settle(read: () => Promise<readonly FoundRun[]>): Promise<{ runs: readonly FoundRun[] } | { error: unknown }> {
  try {
    return { runs: await read() };
  } catch (error) {
    return { error };
  }
}

/**
 * nodeSweepStore with the sweep.json of `sweepDirs` read and checked (readManifests, so
 * that a bad one is refused before any run is read, as status and merge refuse it), then
 * the runs under `sweepDirs` and `otherDirs` (merge's --out) read once, up front, on
 * every core (findRunsOnThreads): what `sim sweep status` and `merge` check with. Any
 * other directory is read as nodeSweepStore reads it.
 */
export async function sweepStoreWithRunsRead(sweepDirs: readonly string[], otherDirs: readonly string[] = []): Promise<SweepStore> {
  const manifests = new Map<string, SweepManifest>();
  const readManifest = (dir: string): SweepManifest => {
    const manifest = manifests.get(dir) ?? nodeSweepStore.readManifest(dir);
    manifests.set(dir, manifest);
    return manifest;
  };
  readManifests({ ...nodeSweepStore, readManifest }, sweepDirs);
  const dirs = [...sweepDirs, ...otherDirs.filter((dir) => nodeSweepStore.exists(dir))];
  const found = await findRunsOnThreads(dirs);
  const byDir = new Map(dirs.map((dir, i) => [dir, found[i] as FoundRun[]]));
  return { ...nodeSweepStore, readManifest, findRuns: (dir) => byDir.get(dir) ?? nodeSweepStore.findRuns(dir) };
}
