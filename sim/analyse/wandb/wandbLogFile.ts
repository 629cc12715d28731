import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { assert } from "../../../src/errors.ts";
import { framedLength, frameRecordInto, WANDB_FILE_HEADER } from "./levelDbLog.ts";

/**
 * Records are framed into a chunk of this size and handed to the OS when it is full, as
 * the TensorBoard event file does: a write per step cost as much as encoding it. Only
 * whole records are ever written, so a killed run leaves a file that ends on a record
 * boundary and W&B's reader reads every record in it.
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * A `.wandb` file, appended record by record and never rewritten: the file header, then
 * each record framed (levelDbLog.ts) at the file offset it will sit at.
 */
export class WandbLogFile {
  private fd: number | undefined;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** The file offset of `chunk[0]`. */
  private flushedBytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
    WANDB_FILE_HEADER.copy(this.chunk, 0);
    this.used = WANDB_FILE_HEADER.length;
  }

  /** Appends one record: the protobuf bytes `record[start, end)`. */
  append(record: Uint8Array, start = 0, end = record.length): void {
    if (this.fd === undefined) assert(false, `append to closed .wandb file ${this.path}`);
    const offset = this.flushedBytes + this.used;
    const bytes = framedLength(offset, end - start);
    if (this.used + bytes > this.chunk.length) {
      this.flush();
      if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
    }
    const source = Buffer.isBuffer(record) ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    this.used = frameRecordInto(this.chunk, this.used, offset, source, start, end - start);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd as number, this.chunk, 0, this.used);
    this.flushedBytes += this.used;
    this.used = 0;
  }
}
