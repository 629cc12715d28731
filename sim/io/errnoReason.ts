import { statSync } from "node:fs";
/**
 * The reason an errno code gives, in the words a message uses: the user reads "a symlink
 * loop", not ELOOP, and never the library's own sentence (which repeats the code and may
 * name a temporary file the user never asked for).
 */
export function errnoReason(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "ELOOP":
      return "a symlink loop: a link on the path leads back to itself";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EIO":
      return "an input/output error of the device";
    case "EFBIG":
      return "the file is larger than the file system allows";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "EEXIST":
      return "something else already has that name";
    case "EBUSY":
      return "it is in use";
    default:
      return code === undefined ? "unknown error" : `error ${code}`;
  }
}

/** The errno code of a failed file operation, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/**
 * Why `path` cannot be looked at, in words, or undefined when it can: existsSync says
 * only "no", which a message would call "no such directory" even for a symlink loop.
 */
export function unreachableReason(path: string): { code: string | undefined; reason: string } | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    const code = errnoOf(error);
    return { code, reason: errnoReason(code) };
  }
}
