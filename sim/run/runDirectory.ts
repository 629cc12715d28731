import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { EVENT_FILE_PATTERN, RANK_DIR_PATTERN, TENSORBOARD_DIR } from "../tensorboard/tensorboardLayout.ts";
import { RUN_FILES, SNAPSHOT_DIR, SNAPSHOT_FILE_PATTERN } from "./runFiles.ts";

const KNOWN = new Set<string>(Object.values(RUN_FILES));

/**
 * Makes `dir` ready for a new run. A missing or empty directory is used as is. A
 * previous run directory (it has events.jsonl or artifacts.json, and nothing but run
 * files, snapshots/step-<n>.json and tensorboard/'s event files) is cleared of exactly those files. Anything else
 * is refused before any file is touched, so a run never half-overwrites a directory it
 * does not understand. `keep` is a file the run still needs (a snapshot to resume from):
 * when it lies inside `dir`, the run is refused instead.
 */
export function prepareRunDirectory(dir: string, keep?: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  if (!statSync(dir).isDirectory()) throw new UserError(`--out ${dir} exists and is not a directory`);
  const entries = readdirSync(dir).sort();
  if (entries.length === 0) return;

  const unknown: string[] = [];
  for (const entry of entries) {
    if (KNOWN.has(entry)) continue;
    if (entry === SNAPSHOT_DIR && statSync(join(dir, entry)).isDirectory()) {
      for (const snap of readdirSync(join(dir, entry)).sort()) if (!SNAPSHOT_FILE_PATTERN.test(snap)) unknown.push(`${SNAPSHOT_DIR}/${snap}`);
      continue;
    }
    if (entry === TENSORBOARD_DIR && statSync(join(dir, entry)).isDirectory()) {
      unknown.push(...unknownTensorBoardEntries(join(dir, entry), TENSORBOARD_DIR, true));
      continue;
    }
    unknown.push(entry);
  }
  const isRunDir = entries.includes(RUN_FILES.events) || entries.includes(RUN_FILES.artifacts);
  if (!isRunDir || unknown.length > 0) {
    const why = isRunDir ? `it holds files a run does not write: ${unknown.join(", ")}` : "it is not empty and is not a previous run directory";
    throw new UserError(`refusing to write the run into ${dir}: ${why}; choose another --out or empty it`);
  }
  if (keep !== undefined) {
    const rel = relative(resolve(dir), resolve(keep));
    if (!rel.startsWith("..") && !rel.startsWith("/")) {
      throw new UserError(`refusing to write the run into ${dir}: it would clear the snapshot ${keep} being resumed from; choose another --out`);
    }
  }
  for (const entry of entries) {
    if (entry === SNAPSHOT_DIR || entry === TENSORBOARD_DIR) rmSync(join(dir, entry), { recursive: true, force: true });
    else rmSync(join(dir, entry), { force: true });
  }
}

/** What in a run's tensorboard/ a run did not write: anything but event files and, at its top, rank sub-runs. */
function unknownTensorBoardEntries(dir: string, shown: string, allowRanks: boolean): string[] {
  const unknown: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const isDir = statSync(join(dir, entry)).isDirectory();
    if (!isDir && EVENT_FILE_PATTERN.test(entry)) continue;
    if (isDir && allowRanks && RANK_DIR_PATTERN.test(entry)) unknown.push(...unknownTensorBoardEntries(join(dir, entry), `${shown}/${entry}`, false));
    else unknown.push(`${shown}/${entry}`);
  }
  return unknown;
}
