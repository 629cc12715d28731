import { EXIT } from "../exitCodes.ts";
import { UserError } from "../../src/errors.ts";

/**
 * A golden file that cannot be read as golden rows: truncated, not JSON lines, or rows
 * out of order. It is bad input (exit 2), never a mismatch, because comparing against
 * half a file would report nonsense; the message names the file and the line.
 */
export class GoldenFileError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`, EXIT.badInput);
    this.name = "GoldenFileError";
  }
}
