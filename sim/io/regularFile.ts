import { type Stats, statSync } from "node:fs";
import { UserError } from "../../src/errors.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";

export interface RegularFileOptions {
  /** What the file is to the user, as in "cannot read the <kind>". */
  readonly kind: string;
  /** The name the message shows, when it differs from the path read. */
  readonly shown?: string | undefined;
  /** Why it was read, appended to the message (an extends chain, say). */
  readonly readBy?: string | undefined;
}

/** What a non-regular file is, in words. */
function nonRegularKind(stats: Stats): string {
  if (stats.isDirectory()) return "is a directory";
  if (stats.isFIFO()) return "is a FIFO (a named pipe), not a regular file";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "is a device, not a regular file";
  if (stats.isSocket()) return "is a socket, not a regular file";
  return "is not a regular file";
}

/**
 * Refuses, before the file is opened, anything but a regular file (symlinks followed):
 * opening a FIFO with no writer waits forever, and a device such as /dev/zero never ends.
 * Every reader of a file a user can name calls this first (readTextFile does; the
 * streaming readers of run outputs call it themselves). Returns the file's stats.
 */
export function requireRegularFile(file: string, options: RegularFileOptions): Stats {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    const code = errnoOf(error);
    throw new UserError(`${options.shown ?? file}: cannot read the ${options.kind} (${code === "ENOENT" ? "no such file" : errnoReason(code)})${readByText(options)}`);
  }
  if (!stats.isFile()) throw new UserError(`${options.shown ?? file}: cannot read the ${options.kind} (${nonRegularKind(stats)})${readByText(options)}`);
  return stats;
}

export function readByText(options: RegularFileOptions): string {
  return options.readBy === undefined ? "" : `; ${options.readBy}`;
}

/** Whether `path` is a directory (links followed); false for anything else, or when it cannot be looked at. */
export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
