/**
 * A table-driven CRC-32 of a reflected polynomial (0xedb88320: CRC-32, zlib's;
 * 0x82f63b78: CRC-32C, Castagnoli's), for the tests' own file readers: written apart
 * from the writers' sim/format/crcChanges.ts, so that a wrong checksum is not read back
 * as right by the same code. The function continues from `crc` (0 to start).
 */
export function reflectedCrc32(polynomial: number): (bytes: Uint8Array, crc?: number) => number {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (bytes, crc = 0) => {
    let c = (crc ^ 0xffffffff) >>> 0;
    for (const byte of bytes) c = ((table[(c ^ byte) & 0xff] as number) ^ (c >>> 8)) >>> 0;
    return (c ^ 0xffffffff) >>> 0;
  };
}
