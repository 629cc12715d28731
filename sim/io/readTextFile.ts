import { readFileSync } from "node:fs";
import { UserError } from "../../src/errors.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";
import { atMostLimit, LIMITS, type LimitName } from "../limits.ts";
import { readByText, type RegularFileOptions, requireRegularFile } from "./regularFile.ts";
import { firstInvalidUtf8Offset, lineAndByteColumn } from "./utf8.ts";

export interface ReadTextFileOptions extends RegularFileOptions {
  /**
   * The harness limit on the file's size in bytes (sim/limits.ts), for files a user hands
   * in whose valid size is small (a scenario, sweep.json, artifacts.json). A run's own
   * outputs have none: a valid run at the step limit writes about 1 GB of metrics.
   */
  readonly maxBytes?: LimitName;
}

/**
 * Reads a file a user named, whole, as UTF-8 text. A file that cannot be read is the
 * user's error (exit 2, no stack): the message names the file, says what it was meant to
 * be, and gives the reason in words. Only a regular file is opened (a FIFO or a device
 * would hang or never end); with `maxBytes` a larger file is refused before it is read;
 * bytes that are not UTF-8 are refused naming the line (TOML and JSON are UTF-8, and a
 * decoder would silently turn them into U+FFFD).
 */
export function readTextFile(file: string, options: ReadTextFileOptions): string {
  const shown = options.shown ?? file;
  const stats = requireRegularFile(file, options);
  const limit = options.maxBytes === undefined ? undefined : LIMITS[options.maxBytes];
  if (limit !== undefined && options.maxBytes !== undefined && stats.size > limit) {
    throw new UserError(`${shown}: the ${options.kind} is ${stats.size} bytes: expected ${atMostLimit(options.maxBytes)}${readByText(options)}`);
  }
  const bytes = readBytes(file, shown, options, limit);
  const invalid = firstInvalidUtf8Offset(bytes);
  if (invalid !== undefined) {
    const { line, column } = lineAndByteColumn(bytes, invalid);
    const byte = (bytes[invalid] as number).toString(16).toUpperCase().padStart(2, "0");
    throw new UserError(
      `${shown}:${line}:${column}: the ${options.kind} is not UTF-8 text (byte 0x${byte} at line ${line}, column ${column}; a file saved as Latin-1 or another legacy encoding?): save it as UTF-8${readByText(options)}`,
    );
  }
  // A byte order mark is left in: the TOML reader reports it where it matters.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** The file's bytes (a regular file: readFileSync sizes its buffer from the file's length, in one read). */
function readBytes(file: string, shown: string, options: ReadTextFileOptions, limit: number | undefined): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw cannotReadError(file, error, options);
  }
  // A file that grew past the limit since it was looked at is refused all the same.
  if (limit !== undefined && options.maxBytes !== undefined && bytes.length > limit) {
    throw new UserError(`${shown}: the ${options.kind} is ${bytes.length} bytes: expected ${atMostLimit(options.maxBytes)}${readByText(options)}`);
  }
  return bytes;
}

/** The UserError for a file that could not be opened or read: `<shown>: cannot read the <kind> (<reason in words>)`. */
export function cannotReadError(file: string, error: unknown, options: RegularFileOptions): UserError {
  const code = errnoOf(error);
  const reason = code === "ENOENT" ? "no such file" : code === undefined ? String(error) : errnoReason(code);
  return new UserError(`${options.shown ?? file}: cannot read the ${options.kind} (${reason})${readByText(options)}`);
}
