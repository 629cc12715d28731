import { nodeRunStore } from "../run/nodeRunStore.ts";
import { type FoundRun, readFoundRun } from "./findRuns.ts";

/** The run directories of one or more sweep directories, each with the sweep directory it was found under, to be read by several threads a chunk at a time. */
export interface RunsToRead {
  readonly sweepDirs: readonly string[];
  /** For each run directory, the index of its sweep directory in sweepDirs. */
  readonly sweepDirIndex: readonly number[];
  readonly runDirs: readonly string[];
  /** Keep each small completed run's metrics text (FoundRun.metricsText), for a summary read next. */
  readonly keepMetricsText: boolean;
  /** Run directories a chunk holds. */
  readonly runsPerChunk: number;
  /** The next chunk to read, one counter shared by every thread (Atomics): whichever thread is free takes it. */
  readonly nextChunk: Int32Array;
}

/** A chunk read by a thread: its index, and its runs in order, or the error that stopped the thread in it (the chunk's runs before the error are not kept). */
export type ChunkRead = { readonly chunk: number; readonly runs: readonly FoundRun[] } | { readonly chunk: number; readonly error: unknown };

/** What a findRuns thread posts back: the chunks it read, or the error that kept it from reading any (its start failed). */
export type ChunksReadReply =
  { readonly chunks: readonly ChunkRead[] } | { readonly error: { readonly name: string; readonly message: string; readonly exitCode?: number | undefined } };

/** The longest metrics.jsonl whose text is kept for the summary (a small config's is a few kB). */
const KEPT_METRICS_FILE_BYTES = 64 * 1024;
/** The most metrics text a thread keeps in all (a 10,000-config sweep of small configs keeps about 35 MB); past it, the summary reads the files. */
const KEPT_METRICS_BYTES = 64 * 1024 * 1024;

/**
 * Reads chunks of `work` from disk, as findRuns reads each run, taking the next chunk from
 * the counter shared with the other threads until none is left: the work of one thread
 * of findRunsOnThreads.ts. A thread that was slow to start (loading the readers) takes
 * fewer chunks, so no thread waits long for another. At its first error the thread stops
 * and moves the counter past the end, so that the others take no new chunk: every chunk
 * before the failing one was already taken, so the first error in findRuns' order is
 * among those read. With keepMetricsText, each small completed run's metrics.jsonl is
 * kept as it was hashed, so that the summary `sim sweep status` writes next does not read
 * it again.
 */
export function readRunChunks(work: RunsToRead): ChunkRead[] {
  const chunks: ChunkRead[] = [];
  const total = Math.ceil(work.runDirs.length / work.runsPerChunk);
  let budget = work.keepMetricsText ? KEPT_METRICS_BYTES : 0;
  for (let chunk = Atomics.add(work.nextChunk, 0, 1); chunk < total; chunk = Atomics.add(work.nextChunk, 0, 1)) {
    const runs: FoundRun[] = [];
    try {
      for (let i = chunk * work.runsPerChunk; i < Math.min((chunk + 1) * work.runsPerChunk, work.runDirs.length); i++) {
        const sweepDir = work.sweepDirs[work.sweepDirIndex[i] as number] as string;
        const run = readFoundRun(nodeRunStore, sweepDir, work.runDirs[i] as string, Math.min(KEPT_METRICS_FILE_BYTES, budget));
        budget -= run.metricsText?.length ?? 0;
        runs.push(run);
      }
    } catch (error) {
      Atomics.store(work.nextChunk, 0, total);
      chunks.push({ chunk, error });
      return chunks;
    }
    chunks.push({ chunk, runs });
  }
  return chunks;
}
