import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { errnoOf } from "./errnoReason.ts";

/** Errors of link(2) that mean "not here" (another filesystem, no hard links, too many links), not a failure: the file is copied instead. */
const LINK_NOT_POSSIBLE = new Set(["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/** How many files a tree's copy linked and copied. */
export interface TreeCopyCounts {
  linked: number;
  copied: number;
}

/**
 * Copies the directory tree `from` to `to` (which must not exist): directories made
 * anew, symbolic links made anew with the same target, and each regular file hard-linked
 * where `from` and `to` share a filesystem, else copied. A link costs one system call
 * and no space, where a copy of a run directory's twenty small files cost `sim sweep
 * merge` of 10,000 configs a minute. Linking is safe for the files it is used on, run
 * files, because sim never writes into a run's existing file: a run reusing a directory
 * unlinks its files before writing new ones, so the two names never see each other's
 * later changes through sim. Anything that is neither a file, a directory nor a symbolic
 * link (a FIFO, a socket) is left out, as nothing sim writes is one.
 */
export function linkOrCopyTree(from: string, to: string, counts: TreeCopyCounts = { linked: 0, copied: 0 }): TreeCopyCounts {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    if (entry.isDirectory()) linkOrCopyTree(source, destination, counts);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), destination);
    else if (entry.isFile()) linkOrCopyFile(source, destination, counts);
  }
  return counts;
}

function linkOrCopyFile(source: string, destination: string, counts: TreeCopyCounts): void {
  try {
    linkSync(source, destination);
    counts.linked++;
    return;
  } catch (error) {
    if (!LINK_NOT_POSSIBLE.has(errnoOf(error) ?? "")) throw error;
  }
  copyFileSync(source, destination);
  counts.copied++;
}
