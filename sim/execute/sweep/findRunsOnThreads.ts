import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AssertionError, UserError } from "../../../src/errors.ts";
import { nodeRunStore } from "../run/nodeRunStore.ts";
import { type FoundRun, MAX_DEPTH } from "./findRuns.ts";
import { type ChunkRead, type RunsToRead, readRunChunks } from "./findRunsWorker.ts";
import { nodeSweepStore } from "./nodeSweepStore.ts";
import type { SweepManifest } from "./sweepManifest.ts";
import { readManifests } from "./sweepStatus.ts";
import type { SweepStore } from "./sweepStore.ts";

/**
 * Below this many runs per thread, a thread's start (loading the readers and the TOML
 * parser, about a tenth of a second) costs more than the reading it would take over.
 */
const MIN_RUNS_PER_THREAD = 500;
/** Runs a thread takes at a time: small enough that the threads end together, large enough that taking one costs nothing. */
const RUNS_PER_CHUNK = 64;

/**
 * The thread's bootstrap, evaluated as a script: it loads the reader (through tsx's
 * loader when the code runs from source, since worker threads on Node 20 do not take
 * `--import tsx`), waits for its work, reads chunks of it and posts them, each error as
 * its name, message and exit code (a UserError's class does not cross threads).
 */
const BOOTSTRAP = `
const { workerData, parentPort } = require("node:worker_threads");
const plain = (error) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { name: failure.name, message: failure.message, exitCode: failure.exitCode };
};
const loaded = (async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  return import(workerData.entry);
})();
parentPort.once("message", async (work) => {
  try {
    const { readRunChunks } = await loaded;
    const chunks = readRunChunks(work).map((read) => ("error" in read ? { chunk: read.chunk, error: plain(read.error) } : read));
    parentPort.postMessage({ chunks });
  } catch (error) {
    parentPort.postMessage({ error: plain(error) });
  }
});
`;

function workerEntry(): { entry: string; tsxApi?: string } {
  const entry = new URL(`./findRunsWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
  return extname(fileURLToPath(entry)) === ".ts" ? { entry, tsxApi: import.meta.resolve("tsx/esm/api") } : { entry };
}

type PlainError = { readonly name: string; readonly message: string; readonly exitCode?: number | undefined };

/** An error as a thread posted it, as the error it was: a UserError stays one, with its exit code. */
function errorOf(plain: PlainError): Error {
  return plain.name === "UserError" ? new UserError(plain.message, plain.exitCode) : new Error(plain.message);
}

/** A worker thread, started now (its readers load meanwhile), that reads chunks of the work it is given later. */
interface ReadingThread {
  read(work: RunsToRead): Promise<readonly ChunkRead[]>;
  stop(): void;
}

function startThread(): ReadingThread {
  const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: workerEntry() });
  const reply = new Promise<readonly ChunkRead[]>((resolve, reject) => {
    let replied = false;
    worker.once("message", (message: { chunks: readonly (ChunkRead & { error?: PlainError })[] } | { error: PlainError }) => {
      replied = true;
      void worker.terminate();
      if ("chunks" in message) resolve(message.chunks.map((read) => (read.error === undefined ? read : { chunk: read.chunk, error: errorOf(read.error) })));
      else reject(errorOf(message.error));
    });
    worker.once("error", (error) => reject(error));
    worker.once("exit", (code) => {
      if (!replied) reject(new AssertionError(`a thread reading the sweep's runs ended (exit ${code}) before it answered`));
    });
  });
  // A thread stopped before it was given work ends without answering: that is not an error.
  reply.catch(() => undefined);
  return {
    read(work) {
      worker.postMessage(work);
      return reply;
    },
    stop: () => void worker.terminate(),
  };
}

/** The entries directly in `dir` (none when it cannot be read): how many runs it may hold, to decide on threads before it is walked. */
function entryCount(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

export interface FindRunsOnThreadsOptions {
  /** Threads in all, this one included (default: the cores). */
  readonly threads?: number;
  readonly minRunsPerThread?: number;
  readonly runsPerChunk?: number;
  /** Keep each small completed run's metrics text (FoundRun.metricsText), for a summary read next. */
  readonly keepMetricsText?: boolean;
  /** False leaves all the reading to the worker threads (for the tests of their path). */
  readonly readOnThisThread?: boolean;
}

/**
 * findRuns of every directory in `dirs` at once, on this thread and one worker thread
 * per further core, so that checking a 10,000-config sweep (parsing each run's scenario
 * to check its hash is most of it) uses every core. The workers start first, when the
 * directories hold enough entries to need them, so that loading their readers overlaps
 * the walk that finds the run directories; then every thread takes chunks of the runs
 * from one shared counter until none is left. The answer is findRuns' own, in its order
 * (with keepMetricsText, each small completed run's metricsText too); the first error in
 * that order is the one thrown, as findRuns would throw it.
 */
export async function findRunsOnThreads(dirs: readonly string[], options: FindRunsOnThreadsOptions = {}): Promise<FoundRun[][]> {
  const threads = options.threads ?? availableParallelism();
  const entries = dirs.reduce((sum, dir) => sum + entryCount(dir), 0);
  const wanted = Math.max(1, Math.min(threads, Math.floor(entries / (options.minRunsPerThread ?? MIN_RUNS_PER_THREAD))));
  const readOnThisThread = options.readOnThisThread ?? true;
  const workers = Array.from({ length: readOnThisThread ? wanted - 1 : Math.max(1, wanted) }, startThread);
  try {
    const runDirsByDir = dirs.map((dir) => nodeRunStore.runDirectories(dir, MAX_DEPTH));
    const work: RunsToRead = {
      sweepDirs: dirs,
      sweepDirIndex: runDirsByDir.flatMap((runDirs, index) => runDirs.map(() => index)),
      runDirs: runDirsByDir.flat(),
      keepMetricsText: options.keepMetricsText ?? false,
      runsPerChunk: options.runsPerChunk ?? RUNS_PER_CHUNK,
      nextChunk: new Int32Array(new SharedArrayBuffer(4)),
    };
    const others = workers.map((worker) => worker.read(work));
    const own = readOnThisThread ? readRunChunks(work) : [];
    // Every thread's answer is awaited before one is thrown, so that none is left unhandled.
    const answers = await Promise.allSettled(others);
    const failed = answers.find((answer) => answer.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const chunks = [own, ...answers.map((answer) => (answer.status === "fulfilled" ? answer.value : []))].flat().sort((a, b) => a.chunk - b.chunk);
    const firstError = chunks.find((read) => "error" in read);
    if (firstError !== undefined && "error" in firstError) throw firstError.error;
    const runs = chunks.flatMap((read) => ("runs" in read ? read.runs : []));
    let next = 0;
    return runDirsByDir.map((runDirs) => runs.slice(next, (next += runDirs.length)));
  } finally {
    for (const worker of workers) worker.stop();
  }
}

/**
 * nodeSweepStore with the sweep.json of `sweepDirs` read and checked (readManifests, so
 * that a bad one is refused before any run is read, as status and merge refuse it), then
 * the runs under `sweepDirs` and `otherDirs` (merge's --out) read once, up front, on
 * every core (findRunsOnThreads): what `sim sweep status` and `merge` check with. Any
 * other directory is read as nodeSweepStore reads it. With keepMetricsText (status, which
 * writes the summary next), small runs' metrics come back with the text hashed.
 */
export async function sweepStoreWithRunsRead(sweepDirs: readonly string[], otherDirs: readonly string[] = [], keepMetricsText = false): Promise<SweepStore> {
  const manifests = new Map<string, SweepManifest>();
  const readManifest = (dir: string): SweepManifest => {
    const manifest = manifests.get(dir) ?? nodeSweepStore.readManifest(dir);
    manifests.set(dir, manifest);
    return manifest;
  };
  readManifests({ ...nodeSweepStore, readManifest }, sweepDirs);
  const dirs = [...sweepDirs, ...otherDirs.filter((dir) => nodeSweepStore.exists(dir))];
  const found = await findRunsOnThreads(dirs, { keepMetricsText });
  const byDir = new Map(dirs.map((dir, i) => [dir, found[i] as FoundRun[]]));
  return { ...nodeSweepStore, readManifest, findRuns: (dir) => byDir.get(dir) ?? nodeSweepStore.findRuns(dir) };
}
