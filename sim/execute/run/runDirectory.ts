import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EVENT_FILE_PATTERN, RANK_DIR_PATTERN, TENSORBOARD_DIR } from "../tensorboard/tensorboardLayout.ts";
import { makeDirectory } from "../../io/makeDirectory.ts";
import { refusedWrite } from "../../io/refusedFileOperation.ts";
import { unknownWandbEntries } from "../wandb/wandbDirEntries.ts";
import { WANDB_DIR } from "../wandb/wandbLayout.ts";
import { RUN_FILES, RUN_MARKER, SNAPSHOT_DIR, SNAPSHOT_FILE_PATTERN } from "../../format/runFiles.ts";
import { hasRunMarker, RUN_MARKER_TEXT } from "../../format/runMarker.ts";

const KNOWN = new Set<string>([...Object.values(RUN_FILES), RUN_MARKER]);

/**
 * A temporary file of write-file-atomic (`<file>.<decimal number>`), which writes the
 * run's whole files (heartbeat.json, artifacts.json, scenario.resolved.toml, snapshots)
 * and renames them into place: a run killed with SIGKILL between the two leaves one
 * behind, and it is the run's own, so a rerun clears it.
 */
function isTemporaryOf(entry: string, isOwnFile: (name: string) => boolean): boolean {
  const match = /^(.+)\.\d+$/.exec(entry);
  return match !== null && isOwnFile(match[1] as string);
}

/**
 * Makes `dir` ready for a new run. A missing or empty directory is used (and marked). A
 * previous run directory of ours (it holds the `.sim-run` marker a run writes first, and
 * nothing but run files, snapshots/step-<n>.json, tensorboard/'s event files, wandb/'s
 * offline runs and the temporary files of the run's atomic writes) is cleared of exactly
 * those files.
 * Anything else is refused before any file is touched: file names alone (events.jsonl,
 * run.log) are used by other tools too, so only the marker says a directory is ours.
 * `keep` is a file the run still needs (a snapshot to resume from): when it lies inside
 * `dir`, the run is refused instead.
 */
export function prepareRunDirectory(dir: string, keep?: string): void {
  if (!existsSync(dir)) {
    makeDirectory(dir, "--out");
    writeRunMarker(dir);
    return;
  }
  if (!statSync(dir).isDirectory()) throw new UserError(`--out ${dir} exists and is not a directory`);
  const entries = readdirSync(dir).sort();
  if (entries.length === 0 || holdsOnlyAnUnfinishedMarker(dir, entries)) {
    writeRunMarker(dir);
    return;
  }

  const unknown: string[] = [];
  for (const entry of entries) {
    if (KNOWN.has(entry) || isTemporaryOf(entry, (name) => KNOWN.has(name))) continue;
    if (entry === SNAPSHOT_DIR && statSync(join(dir, entry)).isDirectory()) {
      for (const snap of readdirSync(join(dir, entry)).sort()) {
        if (!SNAPSHOT_FILE_PATTERN.test(snap) && !isTemporaryOf(snap, (name) => SNAPSHOT_FILE_PATTERN.test(name))) unknown.push(`${SNAPSHOT_DIR}/${snap}`);
      }
      continue;
    }
    if (entry === TENSORBOARD_DIR && statSync(join(dir, entry)).isDirectory()) {
      unknown.push(...unknownTensorBoardEntries(join(dir, entry), TENSORBOARD_DIR, true));
      continue;
    }
    if (entry === WANDB_DIR && lstatSync(join(dir, entry)).isDirectory()) {
      unknown.push(...unknownWandbEntries(join(dir, entry), WANDB_DIR));
      continue;
    }
    unknown.push(entry);
  }
  const isRunDir = hasRunMarker(dir);
  if (!isRunDir || unknown.length > 0) {
    const why = isRunDir
      ? `it holds files a run does not write: ${unknown.join(", ")}`
      : `it is not empty and is not a previous run directory (a run directory holds the ${RUN_MARKER} marker a run writes first)`;
    throw new UserError(`refusing to write the run into ${dir}: ${why}; choose another --out or empty it`);
  }
  if (keep !== undefined) {
    const rel = relative(resolve(dir), resolve(keep));
    if (!rel.startsWith("..") && !rel.startsWith("/")) {
      throw new UserError(`refusing to write the run into ${dir}: it would clear the snapshot ${keep} being resumed from; choose another --out`);
    }
  }
  for (const entry of entries) {
    if (entry === RUN_MARKER) continue;
    if (entry === SNAPSHOT_DIR || entry === TENSORBOARD_DIR || entry === WANDB_DIR) rmSync(join(dir, entry), { recursive: true, force: true });
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

/** Writes the marker first, so that even a run killed at once leaves a directory a later run recognises. */
function writeRunMarker(dir: string): void {
  const path = join(dir, RUN_MARKER);
  try {
    writeFileSync(path, RUN_MARKER_TEXT);
  } catch (error) {
    throw refusedWrite(path, error) ?? error;
  }
}

/**
 * Whether the directory holds nothing but a marker a run was killed while writing: the
 * file is made before its text is written, so a SIGKILL between the two leaves it empty
 * or with the start of its text. Nothing else wrote it (no run writes a file before its
 * marker is whole), so the directory is as good as empty; without this a sweep killed at
 * that instant could never be completed by a rerun.
 */
function holdsOnlyAnUnfinishedMarker(dir: string, entries: readonly string[]): boolean {
  if (entries.length !== 1 || entries[0] !== RUN_MARKER) return false;
  try {
    return RUN_MARKER_TEXT.startsWith(readFileSync(join(dir, RUN_MARKER), "utf8"));
  } catch {
    // Not a readable file (a directory of that name, say): not ours.
    return false;
  }
}
