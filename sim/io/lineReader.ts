import { closeSync, openSync, readSync } from "node:fs";
import { UserError } from "../../src/errors.ts";
import { LIMITS } from "../limits.ts";
import { cannotReadError } from "./readTextFile.ts";
import { requireRegularFile } from "./regularFile.ts";

/** One line of a text file, without its "\n" (nor a "\r" before it: a Windows checkout's line end). */
export interface Line {
  readonly text: string;
  /** 1-based. */
  readonly number: number;
  /** False only for a last line with no "\n" after it (a file cut short). */
  readonly terminated: boolean;
}

export interface LineReaderOptions {
  /** The name messages show (a path relative to the working directory, say). */
  readonly shown: string;
  /** What the file is, as in "cannot read the <kind>". */
  readonly kind: string;
  /** The longest line accepted, in bytes ("\n" not counted); LIMITS.lineBytes by default. */
  readonly maxLineBytes?: number;
  /** Sees the file's bytes as they are read, in order (a hash of the file, taken in the same pass). */
  readonly onBytes?: (bytes: Buffer) => void;
}

/** Bytes read from the file at a time: large enough that a read per chunk costs nothing next to parsing it. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * The smallest read buffer: a file smaller than a chunk gets a buffer of its own size
 * (plus room for a line appended meanwhile), since a megabyte allocated for each of a
 * 10,000-config sweep's small files was a tenth of `sim sweep status`'s time.
 */
const MIN_CHUNK_BYTES = 16 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The lines of a file, read a chunk at a time: memory holds one chunk and one line
 * however long the file, which is what lets every command read a run at the step limit
 * (a 640 MB metrics.jsonl did not fit in one string). A line longer than the bound is bad
 * input (exit 2) naming the file and the line, so that a corrupt file cannot make a
 * reader hold it whole. The file is closed when the loop ends, early or not.
 */
export function* linesOfFile(path: string, options: LineReaderOptions): Generator<Line, void, undefined> {
  const maxLineBytes = options.maxLineBytes ?? LIMITS.lineBytes;
  const { fd, bytes: fileBytes } = openOrRefuse(path, options);
  // One byte more than the file, so that a file read whole is seen to end by the next read returning 0.
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, fileBytes + 1)));
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let number = 0;
  try {
    for (;;) {
      const read = readOrRefuse(fd, chunk, path, options);
      if (read === 0) break;
      // Only the bytes read are searched: past them lie the previous read's bytes, or
      // uninitialised memory that a search for the last line's missing newline would scan.
      const data = chunk.subarray(0, read);
      options.onBytes?.(data);
      let start = 0;
      for (;;) {
        const end = data.indexOf(NEWLINE, start);
        if (end === -1) break;
        number++;
        const lineBytes = partialBytes + end - start;
        if (lineBytes > maxLineBytes) throw tooLong(options, number, maxLineBytes);
        const bytes = partialBytes === 0 ? data.subarray(start, end) : Buffer.concat([...partial, data.subarray(start, end)]);
        partial = [];
        partialBytes = 0;
        yield { text: textOf(bytes), number, terminated: true };
        start = end + 1;
      }
      if (start < read) {
        partialBytes += read - start;
        if (partialBytes > maxLineBytes) throw tooLong(options, number + 1, maxLineBytes);
        // A copy: the chunk is overwritten by the next read.
        partial.push(Buffer.from(data.subarray(start)));
      }
    }
    if (partialBytes > 0) yield { text: textOf(Buffer.concat(partial)), number: number + 1, terminated: false };
  } finally {
    closeSync(fd);
  }
}

/** The lines of a text already in memory (a golden file from a store), as linesOfFile gives them. */
export function* linesOfText(text: string): Generator<Line, void, undefined> {
  let start = 0;
  let number = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    number++;
    if (end === -1) {
      yield { text: text.slice(start), number, terminated: false };
      return;
    }
    yield { text: text.slice(start, end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end), number, terminated: true };
    start = end + 1;
  }
}

function textOf(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
  return bytes.toString("utf8", 0, end);
}

function tooLong(options: LineReaderOptions, number: number, maxLineBytes: number): UserError {
  return new UserError(
    `${options.shown}:${number}: the line is longer than ${maxLineBytes} bytes (the harness's limit LIMITS.lineBytes; see docs/scenario-format.md, "Limits"): not a file the harness wrote, or a corrupt one`,
  );
}

/** The open file and its size when it was checked. */
function openOrRefuse(path: string, options: LineReaderOptions): { fd: number; bytes: number } {
  // A FIFO would block the open and /dev/zero never ends: only a regular file is opened.
  const { size } = requireRegularFile(path, options);
  try {
    return { fd: openSync(path, "r"), bytes: size };
  } catch (error) {
    throw cannotReadError(path, error, options);
  }
}

function readOrRefuse(fd: number, chunk: Buffer, path: string, options: LineReaderOptions): number {
  try {
    return readSync(fd, chunk, 0, chunk.length, null);
  } catch (error) {
    throw cannotReadError(path, error, options);
  }
}
