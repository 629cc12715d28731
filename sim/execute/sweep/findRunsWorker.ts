import { nodeRunStore } from "../run/nodeRunStore.ts";
import { type FoundRun, readFoundRun } from "./findRuns.ts";

/** A slice of the run directories of one or more sweep directories, each with the sweep directory it was found under. */
export interface RunsToRead {
  readonly sweepDirs: readonly string[];
  /** For each run directory, the index of its sweep directory in sweepDirs. */
  readonly sweepDirIndex: readonly number[];
  readonly runDirs: readonly string[];
}

/** What a findRuns thread posts back: the runs read, in the order given, or the error that stopped it. */
export type RunsReadReply =
  { readonly runs: readonly FoundRun[] } | { readonly error: { readonly name: string; readonly message: string; readonly exitCode?: number | undefined } };

/** Reads the run directories of `slice` from disk, as findRuns reads each: the work of one thread of findRunsOnThreads.ts. */
export function readRunsOnDisk(slice: RunsToRead): FoundRun[] {
  return slice.runDirs.map((dir, i) => readFoundRun(nodeRunStore, slice.sweepDirs[slice.sweepDirIndex[i] as number] as string, dir));
}
