import { ChunkedFile } from "../../io/chunkedFile.ts";
import { framedLength, frameRecordInto, WANDB_FILE_HEADER } from "./levelDbLog.ts";

/**
 * A `.wandb` file, appended record by record and never rewritten: the file header, then
 * each record framed (levelDbLog.ts) at the file offset it will sit at, through one chunk
 * (chunkedFile.ts), as the TensorBoard event file does. Only whole records are ever
 * written, so a killed run leaves a file that ends on a record boundary and W&B's reader
 * reads every record in it.
 */
export class WandbLogFile {
  private readonly file: ChunkedFile;
  constructor(readonly path: string) {
    const file = new ChunkedFile(path, ".wandb file");
    WANDB_FILE_HEADER.copy(file.chunk, 0);
    file.used = WANDB_FILE_HEADER.length;
    this.file = file;
  }

  /** Appends one record: the protobuf bytes `record[start, end)`. */
  append(record: Uint8Array, start = 0, end = record.length): void {
    const file = this.file;
    // The offset a record is framed at is the same whether or not reserve() writes the chunk out.
    const offset = file.flushedBytes + file.used;
    const bytes = framedLength(offset, end - start);
    file.reserve(bytes);
    const source = Buffer.isBuffer(record) ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    file.used = frameRecordInto(file.chunk, file.used, offset, source, start, end - start);
  }

  /**
   * Appends a record whose CRC as one FULL chunk (`fullCrc`, fullChunkCrc's value) its
   * encoder worked out (HistoryEncoder's, a run's history records), so that the framing
   * need not run the native CRC over it when it fits the block; undefined runs it.
   */
  appendWithCrc(record: Buffer, start: number, end: number, fullCrc: number | undefined): void {
    const length = end - start;
    const file = this.file;
    const offset = file.flushedBytes + file.used;
    file.reserve(framedLength(offset, length));
    file.used = frameRecordInto(file.chunk, file.used, offset, record, start, length, fullCrc);
  }

  close(): void {
    this.file.close();
  }
}
