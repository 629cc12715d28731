import type { RunStore } from "../run/runStore.ts";
import type { FoundRun } from "./findRuns.ts";
import type { SweepManifest } from "./sweepManifest.ts";

/**
 * Everything a sweep's status, merge and summary need from the file system, behind one
 * small interface like golden's (goldenStore.ts): sweepStatus.ts, mergeSweeps.ts and the
 * summary's rows (sweepSummary.ts's summaryRowsOf, which the report and summary.csv are
 * made of) are tested against an in-memory store, and nodeSweepStore.ts is the one that
 * touches disk.
 * A sweep directory is named by its path; its runs are read through `runs`.
 */
export interface SweepStore {
  readonly runs: RunStore;
  /** The run directories under a sweep directory, each read (findRuns.ts): what status and merge compare with sweep.json. */
  findRuns(dir: string): FoundRun[];
  /** The directory's real path (links resolved), or its path as given when it cannot be resolved: one directory named twice is one. */
  realPath(dir: string): string;
  /** DIR/sweep.json, read and checked; a missing, broken or foreign one is bad input (UserError, exit 2). */
  readManifest(dir: string): SweepManifest;
  /** Writes DIR/sweep.json atomically, refusing a directory that holds another sweep's. */
  writeManifest(dir: string, manifest: SweepManifest): void;
  /** Whether anything is at `path`. */
  exists(path: string): boolean;
  /** Whether a merge may put a run at `dir`: nothing is there, or a run directory of ours (it holds the run marker). */
  isReplaceableRunDirectory(dir: string): boolean;
  /** Creates `dir` and its parents, or refuses naming `option` (a UserError). */
  makeDirectory(dir: string, option: string): void;
  /**
   * Puts a copy of the run directory `from` at `to`, replacing what is there, in a way
   * that an interrupted copy leaves no half run at `to` (a temporary name renamed into place),
   * and leaving `from` as it was (on disk its files are hard-linked where they can be).
   */
  copyRun(from: string, to: string): void;
  /**
   * Writes DIR/summary.csv from its lines (each followed by "\n"), atomically and as the
   * harness's own (summaryRecord.ts), refusing a summary.csv the harness did not write
   * (a UserError); returns its path.
   */
  writeSummary(dir: string, lines: Iterable<string>): string;
}
