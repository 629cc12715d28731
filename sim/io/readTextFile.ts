import { readFileSync } from "node:fs";
import { UserError } from "../../src/errors.ts";

export interface ReadTextFileOptions {
  /** What the file is to the user, as in "cannot read the <kind>". */
  readonly kind: string;
  /** The name the message shows, when it differs from the path read (a path relative to the project). */
  readonly shown?: string | undefined;
  /** Why it was read, appended to the message (an extends chain, say). */
  readonly readBy?: string | undefined;
}

/**
 * Reads a file a user named. A file that cannot be read is the user's error: the message
 * names the file, says what it was meant to be, and gives the reason in words for the
 * common cases (exit 2, no stack).
 */
export function readTextFile(file: string, options: ReadTextFileOptions): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw cannotReadError(file, error, options);
  }
}

/** The UserError for a file that could not be opened or read: `<shown>: cannot read the <kind> (<reason in words>)`. */
export function cannotReadError(file: string, error: unknown, options: ReadTextFileOptions): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? String(error));
  const readBy = options.readBy === undefined ? "" : `; ${options.readBy}`;
  return new UserError(`${options.shown ?? file}: cannot read the ${options.kind} (${reason})${readBy}`);
}
