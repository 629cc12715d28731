import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { EarlyWriteback } from "./earlyWriteback.ts";
import { refusedWrite } from "./refusedFileOperation.ts";

/**
 * A file a run writes by descriptor, from its own buffers: each write is sent on to the
 * disk in the background as bytes gather (EarlyWriteback), close() syncs it, and a write,
 * sync or close the system refuses (a full disk, a read-only file system) is the user
 * error naming the file (refusedWrite). The run's line files (AppendOnlyFile) and its
 * record files (ChunkedFile) batch their bytes differently and write them through this.
 */
export class DiskFile {
  private readonly fd: number;
  private readonly writeback: EarlyWriteback;

  /** Opens `path` for writing: `"w"` from its start, `"a"` after what it holds. */
  constructor(
    readonly path: string,
    flags: "w" | "a",
  ) {
    this.fd = openSync(path, flags);
    this.writeback = new EarlyWriteback(this.fd);
  }

  /** Writes `length` bytes of `bytes` from `offset`. */
  write(bytes: Uint8Array, offset = 0, length = bytes.length - offset): void {
    try {
      writeSync(this.fd, bytes, offset, length);
    } catch (error) {
      throw refusedWrite(this.path, error) ?? error;
    }
    this.writeback.wrote(length);
  }

  /** Syncs the file and closes it; call once. */
  close(): void {
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
    } catch (error) {
      throw refusedWrite(this.path, error) ?? error;
    }
  }
}
