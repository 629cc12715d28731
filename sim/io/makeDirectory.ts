import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { errnoOf } from "./errnoReason.ts";

/** The reason an errno code gives, in words. */
function reasonOf(code: string | undefined): string {
  switch (code) {
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOENT":
      return "the parent directory cannot hold new directories";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return code ?? "unknown error";
  }
}

/**
 * Creates `dir` and its missing parents, one level at a time, or refuses naming the
 * path (`what` says what it was for, e.g. "--out"). Node's own recursive mkdir loops on
 * some paths (under /proc it retries forever) and reports ENOTDIR as a bare errno; this
 * walks up to the nearest existing ancestor, checks it is a directory, then creates each
 * level once, so every failure is a UserError and no loop is unbounded.
 */
export function makeDirectory(dir: string, what: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let isDirectory: boolean | undefined;
    try {
      isDirectory = statSync(at).isDirectory();
    } catch (error) {
      const code = errnoOf(error);
      // ENOTDIR: an ancestor is a file; walking up finds it and names it.
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new UserError(`${what} ${dir}: cannot create the directory: ${reasonOf(code)} (${at})`);
    }
    if (isDirectory === true) break;
    if (isDirectory === false) throw new UserError(`${what} ${dir}: cannot create the directory: ${at} is a file, not a directory`);
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "EEXIST" && statSync(level).isDirectory()) continue;
      throw new UserError(`${what} ${dir}: cannot create the directory ${level}: ${reasonOf(code)}`);
    }
  }
}
