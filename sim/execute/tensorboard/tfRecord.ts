import { crc32c } from "../../format/nativeCrc32.ts";
import { maskCrc32c, maskedCrc32c } from "./maskedCrc32c.ts";

/** uint64 length + uint32 masked CRC-32C of the length. */
export const RECORD_HEADER_BYTES = 12;
/** uint32 masked CRC-32C of the data. */
export const RECORD_FOOTER_BYTES = 4;

/**
 * Frames the `dataLength` bytes already at `record[at + 12 ...]` as one TFRecord, the
 * framing of every TensorBoard event file:
 *   uint64 length (little-endian), uint32 masked CRC-32C of those 8 bytes,
 *   the data, uint32 masked CRC-32C of the data.
 * In place, so that a step's event is encoded straight into the file's chunk, with no
 * buffer of its own. One framer serves a file's stream of records, most of one length
 * (a run's events carry the same tags every step): the length's CRC is worked out once
 * per length, where a call into the CRC library per record cost as much as the data's;
 * and the data's CRC comes from the last record's, when the encoder says how the data
 * changed (`changeCrc`, crcChanges.ts).
 */
export class TfRecordFramer {
  private length = -1;
  private lengthCrc = 0;
  /** The unmasked CRC-32C of the last record's data. */
  private dataCrc = 0;

  /**
   * Returns the offset after the record. `changeCrc`: the raw CRC of this record's data
   * XOR the last record's, when the two have the same length (ScalarsEventEncoder's).
   */
  frameInPlace(record: Buffer, at: number, dataLength: number, changeCrc?: number): number {
    // An event is far below 4 GiB: the length's high 32 bits are zero.
    record.writeUInt32LE(dataLength, at);
    record.writeUInt32LE(0, at + 4);
    const known = changeCrc !== undefined && dataLength === this.length;
    if (dataLength !== this.length) {
      this.length = dataLength;
      this.lengthCrc = maskedCrc32c(record.subarray(at, at + 8));
    }
    record.writeUInt32LE(this.lengthCrc, at + 8);
    const dataStart = at + RECORD_HEADER_BYTES;
    const dataEnd = dataStart + dataLength;
    this.dataCrc = known ? (this.dataCrc ^ changeCrc) >>> 0 : crc32c(record.subarray(dataStart, dataEnd)) >>> 0;
    record.writeUInt32LE(maskCrc32c(this.dataCrc), dataEnd);
    return dataEnd + RECORD_FOOTER_BYTES;
  }
}

/** One TFRecord holding `data`. */
export function frameRecord(data: Uint8Array): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + data.length + RECORD_FOOTER_BYTES);
  record.set(data, RECORD_HEADER_BYTES);
  new TfRecordFramer().frameInPlace(record, 0, data.length);
  return record;
}
