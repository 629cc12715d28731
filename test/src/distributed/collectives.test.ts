import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ReduceOp, allReduceInto, inProcessCollectives } from "../../../src/distributed/collectives.ts";

/** The all-reduce as the plan states it: each column's values combined one rank after another, from rank 0's. */
function columnFold(packed: Float64Array, width: number, op: ReduceOp): number[] {
  return Array.from({ length: width }, (_, k) => {
    let value = packed[k] as number;
    for (let i = k + width; i < packed.length; i += width) {
      const v = packed[i] as number;
      if (op === "sum") value += v;
      else if (op === "min" ? v < value : v > value) value = v;
    }
    return value;
  });
}

describe("allReduceInto", () => {
  // It combines two columns side by side; each column must still be combined in rank
  // order with the same operations, so that a sum rounds alike and a -0 or a NaN lands
  // where it did.
  it("gives each column's fold in rank order to the bit, for any width and values", () => {
    const value = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.constantFrom(-0, 0, 0.1, 0.2, 1e16, -1e16));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<ReduceOp>("min", "max", "sum"),
        fc.infiniteStream(value),
        (width, ranks, op, values) => {
          const packed = Float64Array.from(values.take(width * ranks));
          const out = new Float64Array(width + 1).fill(42);
          const before = Float64Array.from(packed);
          expect(allReduceInto(packed, width, op, out)).toBe(out);
          expect([...out.subarray(0, width)]).toStrictEqual(columnFold(packed, width, op));
          // Past the width and in `packed`, nothing changed.
          expect(out[width]).toBe(42);
          expect(packed).toStrictEqual(before);
          expect([...inProcessCollectives.allReduce(packed, width, op)]).toStrictEqual(columnFold(packed, width, op));
        },
      ),
      { numRuns: 500 },
    );
  });
});
