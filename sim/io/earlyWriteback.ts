import { fdatasync } from "node:fs";

/**
 * A file's bytes are sent on to the disk in the background after this many more are
 * written: a long run writes about 2 GB (metrics.jsonl, the event file, the .wandb file),
 * which sit in the page cache until close()'s fsync, and that fsync then held the run's
 * end for about a second on the 1,000,000-step bench run.
 */
export const WRITEBACK_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * Asks the OS to write a file's bytes to disk while the writer goes on, every
 * WRITEBACK_EVERY_BYTES, so that the fsync at close() finds little left to write. The
 * request (fdatasync on libuv's thread pool) does not block the writer; its outcome is
 * not waited for, since close()'s fsync, which is waited for, reports any failure of the
 * disk with the file's name.
 */
export class EarlyWriteback {
  private unsyncedBytes = 0;

  constructor(
    private readonly fd: number,
    /** Starts the background writeback of `fd` (a test counts the requests). */
    private readonly requestWriteback: (fd: number) => void = (target) => fdatasync(target, ignoreOutcome),
  ) {}

  /** Counts `bytes` just written; asks for a background writeback when enough have gathered. */
  wrote(bytes: number): void {
    this.unsyncedBytes += bytes;
    if (this.unsyncedBytes < WRITEBACK_EVERY_BYTES) return;
    this.unsyncedBytes = 0;
    this.requestWriteback(this.fd);
  }
}

function ignoreOutcome(): void {
  // close()'s fsync reports a failing disk; this request only moves work earlier.
}
