/**
 * A CRC-32 of a record worked out from the CRC of the record before it, when the two
 * have the same length and differ in a few bytes: what a run's stream of per-step records
 * is (TensorBoard's scalar events, W&B's history records: the same tags and keys every
 * step, a handful of values changing). A call into the native CRC library per record cost
 * about as much as encoding the record; this costs a table read per changed byte.
 *
 * Why it holds: a CRC is affine over messages of one length. For equal-length a and b,
 * crc(a) XOR crc(b) = raw(a XOR b), where `raw` is the CRC register's run from 0 with no
 * final XOR (the initial value and the final XOR cancel). And `raw` of a message that is
 * zero but for a byte x at `distance` bytes before its end (0: the last byte) is the
 * register after x (the byte table's entry for x) run through `distance` zero bytes.
 * `at(distance, x)` is that value, from a table per distance, built as records need it.
 *
 * The same tables join CRCs of parts into the CRC of their concatenation, for a record
 * built from parts that keep their own raw CRCs (W&B's history records: an item whose
 * text changes length moves every byte after it, so no byte-wise change applies):
 * raw(a, then b) = shift(raw(a), length of b) XOR raw(b), where `shift` runs the register
 * through zero bytes; a register is four bytes, each of which the tables shift in one read.
 */
export class CrcChanges {
  /** Records longer than this take the native CRC: the table grows 1 KiB per byte of length. */
  static readonly MAX_RECORD_BYTES = 4096;
  private readonly byteTable = new Int32Array(256);
  /** `shifted[distance * 256 + x]`: raw() of byte x followed by `distance` zero bytes. */
  private shifted = new Int32Array(0);
  private distances = 0;

  /** `reflectedPolynomial`: 0xedb88320 for CRC-32 (IEEE, zlib's), 0x82f63b78 for CRC-32C (Castagnoli). */
  constructor(reflectedPolynomial: number) {
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reflectedPolynomial : c >>> 1;
      this.byteTable[n] = c;
    }
  }

  /** Makes `at` valid for every distance in a record of `length` bytes; false when the record is too long for the tables. */
  cover(length: number): boolean {
    if (length <= this.distances) return true;
    if (length > CrcChanges.MAX_RECORD_BYTES) return false;
    const distances = Math.min(CrcChanges.MAX_RECORD_BYTES, Math.max(length, this.distances * 2, 256));
    const shifted = new Int32Array(distances * 256);
    shifted.set(this.shifted);
    const table = this.byteTable;
    if (this.distances === 0) shifted.set(table);
    for (let d = Math.max(1, this.distances); d < distances; d++) {
      const from = (d - 1) * 256;
      const to = d * 256;
      for (let x = 0; x < 256; x++) {
        const crc = shifted[from + x] as number;
        shifted[to + x] = (crc >>> 8) ^ (table[crc & 0xff] as number);
      }
    }
    this.shifted = shifted;
    this.distances = distances;
    return true;
  }

  /** What a byte changed by `x` (old XOR new) at `distance` bytes before the record's end changes its CRC by (XOR it in); `cover` first. */
  at(distance: number, x: number): number {
    return this.shifted[distance * 256 + x] as number;
  }

  /**
   * The register `register` run through `zeros` zero bytes; `cover(zeros)` first. Registers
   * here are the CRC's 32 bits as a signed 32-bit integer (`>>> 0` gives the unsigned
   * value): kept so, a register stays a small integer to the engine, where an unsigned one
   * above 2^31 would be a heap number made per call.
   */
  shift(register: number, zeros: number): number {
    if (zeros < 4) {
      for (let z = 0; z < zeros; z++) register = (register >>> 8) ^ (this.byteTable[register & 0xff] as number);
      return register | 0;
    }
    // The register's byte k (bits 8k..8k+7) reaches the low byte after k zero bytes; `shifted` runs it through the rest.
    const shifted = this.shifted;
    const base = (zeros - 1) * 256;
    return (
      ((shifted[base + (register & 0xff)] as number) ^
        (shifted[base - 256 + ((register >>> 8) & 0xff)] as number) ^
        (shifted[base - 512 + ((register >>> 16) & 0xff)] as number) ^
        (shifted[base - 768 + (register >>> 24)] as number)) |
      0
    );
  }

  /** The register after `bytes[from, to)` fed into it from `register` (0: the raw CRC of those bytes), one table read a byte; signed, as `shift`'s. */
  run(bytes: Uint8Array, from: number, to: number, register = 0): number {
    const table = this.byteTable;
    for (let i = from; i < to; i++) register = (register >>> 8) ^ (table[(register ^ (bytes[i] as number)) & 0xff] as number);
    return register | 0;
  }
}

/** CRC-32 (IEEE, zlib's): the `.wandb` file's chunks. */
export const CRC32_CHANGES = new CrcChanges(0xedb88320);
/** CRC-32C (Castagnoli): TFRecord framing. */
export const CRC32C_CHANGES = new CrcChanges(0x82f63b78);
