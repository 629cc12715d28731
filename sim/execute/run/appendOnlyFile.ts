import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/**
 * Lines are gathered up to this many characters and handed to the OS in one write: a
 * write per row cost a long run more than the model itself (issue 24).
 */
const BATCH_CHARS = 64 * 1024;

export interface AppendOnlyFileOptions {
  /** Sees every batch of text as it is written, in order (a running hash of the file). */
  readonly onWrite?: (text: string) => void;
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
    writeSync(this.fd, text);
    this.options.onWrite?.(text);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
