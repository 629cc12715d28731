import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalLength, writeDecimal } from "../../../sim/format/decimalText.ts";

/** Safe integers of every size, the 2^31 edge where the 32-bit path ends and the powers of ten around which the length changes. */
const safeInteger = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer(),
  fc.integer({ min: -(2 ** 31) - 2, max: -(2 ** 31) + 2 }),
  fc.integer({ min: 2 ** 31 - 2, max: 2 ** 31 + 2 }),
  fc.integer({ min: 0, max: 15 }).chain((power) => fc.integer({ min: -2, max: 2 }).map((offset) => 10 ** power + offset)),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
);

describe("decimalText", () => {
  it("gives a safe integer's text, and its length, as Number-to-String does", () => {
    fc.assert(
      fc.property(safeInteger, (value) => {
        const text = String(value);
        expect(decimalLength(value)).toBe(text.length);
        const target = Buffer.alloc(30, 0x20);
        expect(writeDecimal(target, 3, value, text.length)).toBe(3 + text.length);
        expect(target.toString("latin1", 3, 3 + text.length)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
