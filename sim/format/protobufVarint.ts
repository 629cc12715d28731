/**
 * Protobuf's base-128 varint, for the hand-framed hot paths that write a record per step
 * without going through @bufbuild/protobuf (TensorBoard's scalar events, W&B's history
 * records). Arithmetic rather than bit shifts, so that values past 2^31 (steps, lengths)
 * stay right.
 */

/** Bytes of a non-negative integer as a protobuf varint. */
export function varintLength(value: number): number {
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/** Writes a non-negative integer as a protobuf varint (7 bits a byte, low first) at `at`; returns the offset after it. */
export function writeVarint(target: Buffer, at: number, value: number): number {
  while (value >= 128) {
    target[at++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  target[at++] = value;
  return at;
}
