import { UserError } from "../../src/errors.ts";
import { EXIT } from "../exitCodes.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";

/**
 * The errno codes by which the system refuses a file operation the harness had every
 * right to ask for: a full disk, a used-up quota, a read-only or failing file system,
 * permissions. The user's machine is at fault, not the harness, so these are reported as
 * what they are (exit 2) and never as an internal error with a stack.
 */
const REFUSED_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO", "EFBIG", "EACCES", "EPERM"]);

/**
 * `error` as the user error it is when the system refused writing `path` (a file written by
 * descriptor, whose error names no path), or undefined when it is any other error.
 */
export function refusedWrite(path: string, error: unknown): UserError | undefined {
  const code = errnoOf(error);
  if (code === undefined || !REFUSED_CODES.has(code)) return undefined;
  return new UserError(`cannot write ${path}: ${errnoReason(code)} (${code}); what was written before it is kept, up to its last whole line or record`, EXIT.badInput);
}

/**
 * A refused file operation that no writer named (a system error with a refused code that
 * reached the command line): the operation and the path if the error carries them.
 */
export function refusedOperation(error: unknown): UserError | undefined {
  const code = errnoOf(error);
  if (code === undefined || !REFUSED_CODES.has(code)) return undefined;
  const { syscall, path } = error as NodeJS.ErrnoException;
  const what = `${syscall ?? "a file operation"}${path === undefined ? "" : ` ${path}`}`;
  return new UserError(`${what} failed: ${errnoReason(code)} (${code})`, EXIT.badInput);
}
