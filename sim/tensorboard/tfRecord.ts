import { maskedCrc32c } from "./maskedCrc32c.ts";

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;

/**
 * One TFRecord, the framing of every TensorBoard event file:
 *   uint64 length (little-endian), uint32 masked CRC-32C of those 8 bytes,
 *   the data, uint32 masked CRC-32C of the data.
 */
export function frameRecord(data: Uint8Array): Buffer {
  const record = Buffer.allocUnsafe(HEADER_BYTES + data.length + FOOTER_BYTES);
  // An event is far below 4 GiB: the length's high 32 bits are zero.
  record.writeUInt32LE(data.length, 0);
  record.writeUInt32LE(0, 4);
  record.writeUInt32LE(maskedCrc32c(record.subarray(0, 8)), 8);
  record.set(data, HEADER_BYTES);
  record.writeUInt32LE(maskedCrc32c(data), HEADER_BYTES + data.length);
  return record;
}
