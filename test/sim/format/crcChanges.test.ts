import { crc32, crc32c } from "@node-rs/crc32";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRC32_CHANGES, CRC32C_CHANGES, CrcChanges } from "../../../sim/format/crcChanges.ts";

describe("CrcChanges", () => {
  it("gives a changed record's CRC from the old one's and its changed bytes, for CRC-32 and CRC-32C alike", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1500 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 20 }), (before, changes) => {
        const after = Buffer.from(before);
        for (const [position, x] of changes) after[position % after.length] = (after[position % after.length] as number) ^ x;
        for (const [changesOf, crc] of [
          [CRC32_CHANGES, crc32],
          [CRC32C_CHANGES, crc32c],
        ] as const) {
          expect(changesOf.cover(after.length)).toBe(true);
          let change = 0;
          for (let i = 0; i < after.length; i++) {
            const x = (after[i] as number) ^ (before[i] as number);
            if (x !== 0) change ^= changesOf.at(after.length - 1 - i, x);
          }
          expect((crc(Buffer.from(before)) ^ change) >>> 0).toBe(crc(after) >>> 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("joins the CRCs of parts into the CRC of their concatenation, from any register, for CRC-32 and CRC-32C alike", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (parts, initial) => {
        const whole = Buffer.concat(parts);
        for (const [changesOf, crc] of [
          [CRC32_CHANGES, crc32],
          [CRC32C_CHANGES, crc32c],
        ] as const) {
          // The library's CRC continued from `initial` is the register ~initial run through the bytes, then inverted.
          let register = ~initial;
          for (const part of parts) {
            expect(changesOf.cover(part.length)).toBe(true);
            register = changesOf.shift(register, part.length) ^ changesOf.run(part, 0, part.length);
          }
          expect(~register >>> 0).toBe(crc(whole, initial) >>> 0);
          expect(changesOf.run(whole, 0, whole.length, ~initial) >>> 0).toBe(~crc(whole, initial) >>> 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses records longer than its tables may grow, which then take the native CRC", () => {
    const changes = new CrcChanges(0xedb88320);
    expect(changes.cover(CrcChanges.MAX_RECORD_BYTES)).toBe(true);
    expect(changes.cover(CrcChanges.MAX_RECORD_BYTES + 1)).toBe(false);
  });
});
