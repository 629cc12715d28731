import { DiskFile } from "../../io/diskFile.ts";
import { assert } from "../../../src/errors.ts";

/**
 * Lines are gathered up to this many characters and handed to the OS in one write: a
 * write per row cost a long run more than the model itself (issue 24).
 */
const BATCH_CHARS = 64 * 1024;

/** The bytes of a batch are encoded into one reused buffer of this size (a batch of longer lines gets its own). */
const BUFFER_BYTES = 4 * BATCH_CHARS;

export interface AppendOnlyFileOptions {
  /** Sees every batch's bytes as they are written, in order (a running hash of the file); valid during the call only. */
  readonly onWrite?: (bytes: Uint8Array) => void;
}

/** Writes a line's bytes into a batch (rowLineEncoder.ts): at `target[at]`, within the room asked for; returns the offset after them. */
export interface LineBytesEncoder {
  encodeInto(target: Buffer, at: number): number;
}

/**
 * A file written line by line and never rewritten. Lines are batched: they reach the OS
 * when a batch is full, on `flush()` (the run flushes its files whenever it writes a
 * heartbeat, so a reader of a running run is at most a heartbeat behind) and on
 * `close()`. A run that stops or fails closes its files, so only a killed process loses
 * the lines of its last batch. Lines come as strings (`appendLine`) or are encoded
 * straight into the batch's bytes (`appendEncoded`, a run's metrics rows); the two keep
 * their order.
 */
export class AppendOnlyFile {
  private file: DiskFile | undefined;
  /** Lines appended as strings after the batch's bytes, encoded into them when bytes come or the batch is written. */
  private pending = "";
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /** The batch's bytes so far: `buffer[0, used)`. */
  private used = 0;

  constructor(
    readonly path: string,
    private readonly options: AppendOnlyFileOptions = {},
  ) {
    this.file = new DiskFile(path, "a");
  }

  appendLine(line: string): void {
    if (this.file === undefined) throw new Error(`append to closed file ${this.path}`);
    this.pending += line + "\n";
    if (this.pending.length >= BATCH_CHARS) this.flush();
  }

  /** Appends a line that `encoder` writes into the batch, in at most `maxBytes` bytes ("\n" included). */
  appendEncoded(maxBytes: number, encoder: LineBytesEncoder): void {
    if (this.file === undefined) throw new Error(`append to closed file ${this.path}`);
    if (this.pending.length > 0) this.encodePending();
    if (this.used + maxBytes > this.buffer.length) {
      this.writeBatch();
      if (maxBytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(maxBytes);
    }
    const start = this.used;
    this.used = encoder.encodeInto(this.buffer, start);
    // A line past its room would have lost bytes at the buffer's end without a word.
    if (this.used - start > maxBytes) assert(false, `${this.path}: a line of ${this.used - start} bytes where ${maxBytes} were asked for`);
    if (this.used >= BATCH_CHARS) this.writeBatch();
  }

  /** Hands the lines appended so far to the OS. */
  flush(): void {
    if (this.file === undefined) return;
    if (this.pending.length > 0) this.encodePending();
    this.writeBatch();
  }

  close(): void {
    if (this.file === undefined) return;
    this.flush();
    this.file.close();
    this.file = undefined;
  }

  /** Encodes the pending lines into the batch (written out first when they may not fit; a UTF-8 character takes at most 3 bytes per UTF-16 unit). */
  private encodePending(): void {
    const text = this.pending;
    this.pending = "";
    if (this.used + text.length * 3 > this.buffer.length) this.writeBatch();
    if (text.length * 3 > this.buffer.length) this.write(Buffer.from(text));
    else this.used += this.buffer.write(text, this.used);
  }

  private writeBatch(): void {
    if (this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    this.used = 0;
    this.write(bytes);
  }

  /** Writes bytes out and shows them to `onWrite`, for the write and the hash alike. */
  private write(bytes: Uint8Array): void {
    (this.file as DiskFile).write(bytes);
    this.options.onWrite?.(bytes);
  }
}
