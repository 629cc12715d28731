import { BinaryWriter } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { varintLength, writeVarint } from "../../../sim/format/protobufVarint.ts";

/** Non-negative safe integers of every size, with the 2^31 edge where the 32-bit path ends and each varint byte's edges. */
const natural = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 2 ** 31 - 2, max: 2 ** 31 + 2 }),
  fc.integer({ min: 1, max: 7 }).chain((bytes) => fc.integer({ min: -1, max: 1 }).map((offset) => Math.max(0, 2 ** (7 * bytes) + offset))),
);

describe("protobufVarint", () => {
  it("writes a non-negative integer's varint as the protobuf library does, and says its length", () => {
    fc.assert(
      fc.property(natural, (value) => {
        const expected = new BinaryWriter().uint64(value).finish();
        expect(varintLength(value)).toBe(expected.length);
        const target = Buffer.alloc(16);
        expect(writeVarint(target, 2, value)).toBe(2 + expected.length);
        expect([...target.subarray(2, 2 + expected.length)]).toEqual([...expected]);
      }),
      { numRuns: 2000 },
    );
  });
});
