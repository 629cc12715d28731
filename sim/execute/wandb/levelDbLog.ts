import { crc32 } from "../../format/nativeCrc32.ts";

/**
 * The framing of a `.wandb` file, as the wandb SDK writes and reads it (its "LevelDB
 * log" datastore): a 7-byte file header, then the records cut into chunks that never
 * cross a 32 KiB block boundary. Every chunk has a 7-byte header:
 *   uint32 CRC-32 (IEEE, zlib's) of the chunk's type byte followed by its data,
 *   uint16 data length, uint8 type (FULL, or FIRST, MIDDLE..., LAST for a record split
 *   over blocks),
 * all little-endian. A block with fewer than 7 bytes left is padded with zeros.
 */
export const LEVELDB_LOG_BLOCK_BYTES = 32_768;
export const LEVELDB_LOG_CHUNK_HEADER_BYTES = 7;

/** The file header: the ident ":W&B", the magic 0xBEE1 (uint16 little-endian) and format version 0. */
export const WANDB_FILE_HEADER = Buffer.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]);

export const CHUNK_TYPE = { full: 1, first: 2, middle: 3, last: 4 } as const;

/** The CRC of each chunk type's byte: a chunk's CRC continues from its type's. */
const TYPE_CRC = [0, 1, 2, 3, 4].map((type) => crc32(Buffer.from([type])));

/** The CRC register after a chunk's type byte (the CRC before its final XOR), for a chunk CRC worked out in parts (crcChanges.ts). */
export function chunkTypeRegister(type: number): number {
  return ~(TYPE_CRC[type] as number);
}

/** A record's chunk CRC when it goes in one FULL chunk: the CRC-32 of the type byte and the record. */
export function fullChunkCrc(record: Buffer, from: number, length: number): number {
  return crc32(record.subarray(from, from + length), TYPE_CRC[CHUNK_TYPE.full]) >>> 0;
}

/** How many bytes `recordBytes` take when framed at file offset `offset`: chunk headers and block padding included. */
export function framedLength(offset: number, recordBytes: number): number {
  let at = offset;
  let left = recordBytes;
  for (;;) {
    const room = LEVELDB_LOG_BLOCK_BYTES - (at % LEVELDB_LOG_BLOCK_BYTES);
    if (room < LEVELDB_LOG_CHUNK_HEADER_BYTES) {
      at += room;
      continue;
    }
    const take = Math.min(left, room - LEVELDB_LOG_CHUNK_HEADER_BYTES);
    at += LEVELDB_LOG_CHUNK_HEADER_BYTES + take;
    left -= take;
    if (left === 0) return at - offset;
  }
}

/**
 * Frames the record `record[from, from + length)` for file offset `offset` into `target`
 * at `at`, which must have `framedLength(offset, length)` bytes of room; returns the
 * offset in `target` after it. A record that fits the block's rest is one FULL chunk,
 * else FIRST, MIDDLE..., LAST, as LevelDB's log writer cuts it (a block left with exactly
 * 7 bytes gets an empty FIRST chunk, as LevelDB's does). `fullCrc`: the record's CRC as a
 * FULL chunk (fullChunkCrc), when the caller knows it already.
 */
export function frameRecordInto(target: Buffer, at: number, offset: number, record: Buffer, from: number, length: number, fullCrc?: number): number {
  let fileAt = offset;
  let done = 0;
  let first = true;
  for (;;) {
    const room = LEVELDB_LOG_BLOCK_BYTES - (fileAt % LEVELDB_LOG_BLOCK_BYTES);
    if (room < LEVELDB_LOG_CHUNK_HEADER_BYTES) {
      target.fill(0, at, at + room);
      at += room;
      fileAt += room;
      continue;
    }
    const take = Math.min(length - done, room - LEVELDB_LOG_CHUNK_HEADER_BYTES);
    const last = done + take === length;
    const type = first && last ? CHUNK_TYPE.full : first ? CHUNK_TYPE.first : last ? CHUNK_TYPE.last : CHUNK_TYPE.middle;
    // A copy rather than a subarray to set: a Buffer object per record was a visible share of the garbage a run makes.
    const crc = type === CHUNK_TYPE.full && fullCrc !== undefined ? fullCrc : crc32(record.subarray(from + done, from + done + take), TYPE_CRC[type]) >>> 0;
    target.writeUInt32LE(crc, at);
    target.writeUInt16LE(take, at + 4);
    target[at + 6] = type;
    record.copy(target, at + LEVELDB_LOG_CHUNK_HEADER_BYTES, from + done, from + done + take);
    at += LEVELDB_LOG_CHUNK_HEADER_BYTES + take;
    fileAt += LEVELDB_LOG_CHUNK_HEADER_BYTES + take;
    done += take;
    first = false;
    if (last) return at;
  }
}
