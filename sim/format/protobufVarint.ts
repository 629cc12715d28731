/**
 * Protobuf's base-128 varint, for the hand-framed hot paths that write a record per step
 * without going through @bufbuild/protobuf (TensorBoard's scalar events, W&B's history
 * records). Arithmetic rather than bit shifts, so that values past 2^31 (steps, lengths)
 * stay right.
 */

/** Bytes of a non-negative integer as a protobuf varint. */
export function varintLength(value: number): number {
  // Below 2^31 (every length and most steps), comparisons alone.
  if (value < 0x80000000) return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/** Writes a non-negative integer as a protobuf varint (7 bits a byte, low first) at `at`; returns the offset after it. */
export function writeVarint(target: Buffer, at: number, value: number): number {
  // Below 2^31, 32-bit integer arithmetic (much faster than `%` on doubles, a call into the C library).
  if (value < 0x80000000) {
    let small = value | 0;
    while (small >= 0x80) {
      target[at++] = (small & 0x7f) | 0x80;
      small >>>= 7;
    }
    target[at++] = small;
    return at;
  }
  while (value >= 128) {
    target[at++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  target[at++] = value;
  return at;
}
