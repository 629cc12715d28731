import { describe, expect, it } from "vitest";
import { crc32, crc32c } from "../../../sim/format/nativeCrc32.ts";

describe("nativeCrc32", () => {
  it("gives the standard check values of CRC-32 and CRC-32C (the CRC of the ASCII digits 1 to 9), and continues from an initial CRC", () => {
    const digits = Buffer.from("123456789");
    expect(crc32(digits) >>> 0).toBe(0xcbf43926);
    expect(crc32c(digits) >>> 0).toBe(0xe3069283);
    expect(crc32(digits.subarray(4), crc32(digits.subarray(0, 4))) >>> 0).toBe(0xcbf43926);
  });
});
