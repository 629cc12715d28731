import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

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

/**
 * A file written line by line and never rewritten. Lines are batched: they reach the OS
 * when a batch is full, on `flush()` (the run flushes its files whenever it writes a
 * heartbeat, so a reader of a running run is at most a heartbeat behind) and on
 * `close()`. A run that stops or fails closes its files, so only a killed process loses
 * the lines of its last batch.
 */
export class AppendOnlyFile {
  private fd: number | undefined;
  private pending = "";
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);

  constructor(
    readonly path: string,
    private readonly options: AppendOnlyFileOptions = {},
  ) {
    this.fd = openSync(path, "a");
  }

  appendLine(line: string): void {
    if (this.fd === undefined) throw new Error(`append to closed file ${this.path}`);
    this.pending += line + "\n";
    if (this.pending.length >= BATCH_CHARS) this.flush();
  }

  /** Hands the lines appended so far to the OS. */
  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const text = this.pending;
    this.pending = "";
    // Encoded once, for the write and the hash alike (a UTF-8 character takes at most 3 bytes per UTF-16 unit).
    const bytes = text.length * 3 <= this.buffer.length ? this.buffer.subarray(0, this.buffer.write(text)) : Buffer.from(text);
    writeSync(this.fd, bytes);
    this.options.onWrite?.(bytes);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
