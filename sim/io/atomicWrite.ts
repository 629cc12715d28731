import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { UserError } from "../../src/errors.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";
import { makeDirectory } from "./makeDirectory.ts";
import { refusedWrite } from "./refusedFileOperation.ts";
import type { OutputTarget } from "./outputDestination.ts";

/**
 * Writes a whole file under a temporary name and renames it into place, so a reader
 * (or a crash) never sees half of it and a refused command never clobbers it.
 */
export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  await writeFileAtomic(path, contents, { encoding: "utf8" });
}

export function writeFileAtomicallySync(path: string, contents: string): void {
  try {
    writeFileAtomic.sync(path, contents, { encoding: "utf8" });
  } catch (error) {
    throw refusedWrite(path, error) ?? error;
  }
}

/** Characters gathered before each write of writeLinesAtomicallySync. */
const LINES_BATCH_CHARS = 64 * 1024;

/** What a caller of writeLinesAtomicallySync may add to the write. */
export interface LinesWriteOptions {
  /** The temporary file's path (default `.<name>.<pid>.partial` beside `path`), for a caller whose reruns clear temporaries by their name. */
  readonly temporary?: string;
  /**
   * Called with the sha256 of the bytes written once they are synced, before the rename:
   * a caller that records which file is its own (a sweep's summary.csv) records the new
   * bytes while the old ones are still in place.
   */
  readonly beforeRename?: (sha256: string) => void;
}

/**
 * writeFileAtomicallySync for a file too large to hold as one string: the lines are
 * written, each followed by "\n", in batches to a temporary file beside `path`, which
 * is synced and renamed into place only once every line is written. An error while the
 * lines are produced (a bad input line met half-way) removes the temporary file and is
 * rethrown.
 */
export function writeLinesAtomicallySync(path: string, lines: Iterable<string>, options: LinesWriteOptions = {}): void {
  const temporary = options.temporary ?? join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const sha256 = options.beforeRename === undefined ? undefined : createHash("sha256");
  const fd = openSync(temporary, "w");
  const write = (text: string): void => {
    writeSync(fd, text);
    sha256?.update(text, "utf8");
  };
  try {
    let pending = "";
    for (const line of lines) {
      pending += line + "\n";
      if (pending.length >= LINES_BATCH_CHARS) {
        write(pending);
        pending = "";
      }
    }
    if (pending.length > 0) write(pending);
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  if (sha256 !== undefined) options.beforeRename?.(sha256.digest("hex"));
  renameSync(temporary, path);
}

/**
 * Writes an output a user named (checked first with checkOutputFile): its missing
 * directories made, the file written under a temporary name and renamed. A failure now
 * (the disk filled, say) is the user's error in words, naming the option and the path,
 * never the temporary name (write-file-atomic removes its temporary file on failure).
 */
export function writeOutputFile(target: OutputTarget, contents: string): void {
  makeDirectory(dirname(target.path), target.option);
  try {
    writeFileAtomic.sync(target.path, contents, { encoding: "utf8" });
  } catch (error) {
    throw writeRefusal(target, error);
  }
}

/** writeOutputFile for a caller that is already asynchronous. */
export async function writeOutputFileAsync(target: OutputTarget, contents: string): Promise<void> {
  makeDirectory(dirname(target.path), target.option);
  try {
    await writeFileAtomic(target.path, contents, { encoding: "utf8" });
  } catch (error) {
    throw writeRefusal(target, error);
  }
}

function writeRefusal(target: OutputTarget, error: unknown): Error {
  const code = errnoOf(error);
  if (code === undefined) return error as Error;
  return new UserError(`${target.option} ${target.shown ?? target.path}: cannot write the file: ${errnoReason(code)}`);
}

/** writeLinesAtomicallySync for an output a user named (checked first with checkOutputFile), with writeOutputFile's refusals. */
export function writeOutputLines(target: OutputTarget, lines: Iterable<string>): void {
  makeDirectory(dirname(target.path), target.option);
  try {
    writeLinesAtomicallySync(target.path, lines);
  } catch (error) {
    throw writeRefusal(target, error);
  }
}
