import { existsSync, realpathSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { hasRunMarker } from "../../format/runMarker.ts";
import { findRuns } from "./findRuns.ts";
import { readManifest, writeManifest } from "./sweepManifest.ts";
import type { SweepStore } from "./sweepStore.ts";
import { writeOwnSummary } from "./summaryRecord.ts";
import { linkOrCopyTree } from "../../io/linkOrCopyTree.ts";
import { makeDirectory } from "../../io/makeDirectory.ts";
import { nodeRunStore } from "../run/nodeRunStore.ts";

/** The sweep directories on disk (sweepStore.ts says what each method promises). */
export const nodeSweepStore: SweepStore = {
  runs: nodeRunStore,
  findRuns: (dir) => findRuns(dir, nodeRunStore),
  realPath(dir) {
    try {
      return realpathSync(dir);
    } catch {
      return resolve(dir);
    }
  },
  readManifest: (dir) => readManifest(dir),
  writeManifest: (dir, manifest) => writeManifest(dir, manifest),
  exists: (path) => existsSync(path),
  isReplaceableRunDirectory: (dir) => !existsSync(dir) || hasRunMarker(dir),
  makeDirectory: (dir, option) => makeDirectory(dir, option),
  copyRun(from, to) {
    const temporary = `${to}.merging`;
    rmSync(temporary, { recursive: true, force: true });
    // Hard links where shard and destination share a filesystem: 10,000 configs merge in
    // seconds rather than the minute cpSync took, and the shard is left as it was.
    linkOrCopyTree(from, temporary);
    // A run that did not complete may sit in the destination: the complete one replaces it.
    rmSync(to, { recursive: true, force: true });
    renameSync(temporary, to);
  },
  writeSummary: (dir, lines) => writeOwnSummary(dir, lines),
};
