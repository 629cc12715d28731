import { crc32c } from "../../format/nativeCrc32.ts";

/** TFRecord's mask constant (tensorflow/core/lib/hash/crc32c.h: kMaskDelta). */
const MASK_DELTA = 0xa282ead8;

/**
 * The masked CRC-32C that TFRecord framing stores: the CRC rotated right by 15 bits plus
 * a constant, because a CRC of data that itself holds CRCs is weak (TensorFlow's reason).
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  return maskCrc32c(crc32c(bytes) >>> 0);
}

/** The masking of a CRC-32C already worked out. */
export function maskCrc32c(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}
