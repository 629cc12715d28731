import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberText } from "../../../sim/format/jsonl.ts";
import { NumberTextCache } from "../../../sim/format/numberTextCache.ts";

/** Numbers of every kind, from a small pool per run so that they come back (hits) and, in a small cache, push each other out of their slots. */
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.nat({ max: 1000 }).chain((remaining) => fc.integer({ min: 1, max: 1000 }).map((total) => remaining / total)),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, -0.0000010370242504514822, -1.7976931348623157e308, 5e-324),
);

function textOf(cache: NumberTextCache, value: number): string {
  const target = Buffer.alloc(40, 0x20);
  const length = cache.find(value);
  expect(cache.copyInto(target, 5, length)).toBe(5 + length);
  return target.toString("latin1", 5, 5 + length);
}

describe("NumberTextCache", () => {
  it("gives every number's JSON text, as numberText does, whether it is kept, pushed out of its slot or met again", () => {
    fc.assert(
      fc.property(fc.constantFrom(4, 8, 16_384), fc.array(number, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (slots, pool, picks) => {
        const cache = new NumberTextCache(slots);
        for (const pick of picks) {
          const value = pool[pick % pool.length] as number;
          expect(textOf(cache, value)).toBe(numberText(value));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("takes a power of two of slots, at least two pairs", () => {
    expect(() => new NumberTextCache(6)).toThrow(RangeError);
    expect(() => new NumberTextCache(2)).toThrow(RangeError);
    expect(textOf(new NumberTextCache(4), 0.5)).toBe("0.5");
  });
});
