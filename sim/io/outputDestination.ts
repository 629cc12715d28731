import { closeSync, openSync, type Stats, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";

/** An output a command was asked to write: the option that named it and the path as the user wrote it. */
export interface OutputTarget {
  /** The option, as typed: `--out`, `--output`, `--images`. */
  readonly option: string;
  /** The absolute path. */
  readonly path: string;
  /** The path as the message shows it (what the user typed), when it differs. */
  readonly shown?: string;
}

function statOrUndefined(path: string, target: OutputTarget): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = errnoOf(error);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw refusal(target, errnoReason(code));
  }
}

function refusal(target: OutputTarget, reason: string): UserError {
  return new UserError(`${target.option} ${target.shown ?? target.path}: cannot write there: ${reason}`);
}

/**
 * The nearest directory at or above `path` that exists; a file on the way is refused
 * (it cannot hold the directories the output needs).
 */
function nearestExistingDirectory(path: string, target: OutputTarget): string {
  let at = resolve(path);
  for (;;) {
    const stats = statOrUndefined(at, target);
    if (stats?.isDirectory() === true) return at;
    if (stats !== undefined) throw refusal(target, `${at} is a file, not a directory`);
    const parent = dirname(at);
    if (parent === at) throw refusal(target, "no directory of its path exists");
    at = parent;
  }
}

/**
 * Whether a file can be made in `dir`, found by making one and removing it: the only test
 * that answers for every case (permissions, a read-only mount, and pseudo file systems
 * such as /proc and /sys, where a directory exists but nothing can be created in it).
 */
function checkCanCreateIn(dir: string, target: OutputTarget): void {
  const probe = join(dir, `.sim-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, "wx"));
  } catch (error) {
    const code = errnoOf(error);
    // A probe left by a killed process of the same pid proves the directory writable.
    if (code === "EEXIST") return;
    throw refusal(target, code === "ENOENT" ? `nothing can be created in ${dir} (a pseudo file system such as /proc?)` : `${dir}: ${errnoReason(code)}`);
  }
  unlinkSync(probe);
}

/**
 * Checks, before any work, that `target.path` can become a file the command writes: not a
 * directory or a device, and in a directory (existing, or made on writing under an
 * existing writable one; a file in the way is refused). Refusals name the option and the
 * path in words (exit 2), so a command never fails on its output after its work is done.
 */
export function checkOutputFile(target: OutputTarget): void {
  const stats = statOrUndefined(target.path, target);
  if (stats !== undefined) {
    if (stats.isDirectory()) throw refusal(target, `it is a directory, and ${target.option} names the file to write`);
    if (!stats.isFile()) throw refusal(target, "it exists and is not a regular file (a device, a FIFO or a socket)");
  }
  checkCanCreateIn(nearestExistingDirectory(dirname(target.path), target), target);
}

/**
 * Checks, before any work, that `target.path` is or can become a directory the command
 * writes into: not a file, and under an existing writable directory when missing. Whether
 * an existing directory is the command's own to write into is its caller's question
 * (a marker file, as run and sweep directories have).
 */
export function checkOutputDirectory(target: OutputTarget): void {
  const stats = statOrUndefined(target.path, target);
  if (stats !== undefined && !stats.isDirectory()) throw refusal(target, `it is a file, and ${target.option} names a directory`);
  checkCanCreateIn(nearestExistingDirectory(target.path, target), target);
}

/** The target of `option` given as `typed` (relative to `cwd`), shown as typed. */
export function outputTarget(option: string, cwd: string, typed: string): OutputTarget {
  return { option, path: resolve(cwd, typed), shown: typed };
}
