import { posix } from "node:path";
import { UserError } from "../../src/errors.ts";
import { RUN_MARKER } from "../../sim/format/runFiles.ts";
import { findRuns, type FoundRun } from "../../sim/execute/sweep/findRuns.ts";
import type { SweepManifest } from "../../sim/execute/sweep/sweepManifest.ts";
import type { SweepStore } from "../../sim/execute/sweep/sweepStore.ts";
import { MemoryRunStore } from "./memoryRunStore.ts";

/**
 * Sweep directories in memory, for the tests of a sweep's status and merge: the runs in
 * `runs` (a MemoryRunStore), each directory's sweep.json in `manifests`, and every copy
 * and directory made recorded. `links` maps a path to the directory it stands for, as a
 * symbolic link would.
 */
export class MemorySweepStore implements SweepStore {
  readonly manifests = new Map<string, SweepManifest>();
  readonly madeDirectories: string[] = [];
  readonly copies: { readonly from: string; readonly to: string }[] = [];
  readonly links = new Map<string, string>();
  /** Each directory's summary.csv, as writeSummary wrote it. */
  readonly summaries = new Map<string, string>();

  constructor(readonly runs: MemoryRunStore = new MemoryRunStore()) {}

  findRuns(dir: string): FoundRun[] {
    return findRuns(dir, this.runs);
  }

  realPath(dir: string): string {
    const normal = posix.normalize(dir).replace(/\/$/, "");
    return this.links.get(normal) ?? normal;
  }

  readManifest(dir: string): SweepManifest {
    const manifest = this.manifests.get(dir);
    if (manifest === undefined) throw new UserError(`${posix.join(dir, "sweep.json")}: missing`);
    return manifest;
  }

  writeManifest(dir: string, manifest: SweepManifest): void {
    const existing = this.manifests.get(dir);
    if (existing !== undefined && existing.sweep_sha256 !== manifest.sweep_sha256) throw new UserError(`${posix.join(dir, "sweep.json")} belongs to another sweep`);
    this.manifests.set(dir, manifest);
  }

  exists(path: string): boolean {
    return this.manifests.has(path) || this.madeDirectories.includes(path) || this.runs.has(path);
  }

  isReplaceableRunDirectory(dir: string): boolean {
    return !this.runs.has(dir) || this.runs.files.has(posix.join(dir, RUN_MARKER));
  }

  makeDirectory(dir: string): void {
    this.madeDirectories.push(dir);
  }

  copyRun(from: string, to: string): void {
    this.copies.push({ from, to });
    this.runs.copy(from, to);
  }

  writeSummary(dir: string, lines: Iterable<string>): string {
    this.summaries.set(dir, [...lines].map((line) => `${line}\n`).join(""));
    return posix.join(dir, "summary.csv");
  }
}
