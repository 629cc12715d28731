import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CrcChanges } from "../../../../sim/format/crcChanges.ts";
import { encodeHistoryKeys, HistoryEncoder } from "../../../../sim/execute/wandb/historyEncoder.ts";
import { fullChunkCrc } from "../../../../sim/execute/wandb/levelDbLog.ts";
import { encodeHistoryRecord } from "../../../../sim/execute/wandb/wandbRecord.ts";

describe("HistoryEncoder", () => {
  it("encodes a step's history record to exactly the protobuf library's bytes, whatever the keys, values and numbers", () => {
    const encoder = new HistoryEncoder();
    // Integers of every size (their digits are written without a string) and any other doubles, -0 and past 2^53 included.
    const value = fc.oneof(
      fc.integer(),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, -0, 9, 10, -10, 99, 100, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 60, 1e21, -1e21),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 140 }), { maxLength: 30 }),
        // A few records of the same keys in a row, as a run writes them: an item whose text is as long as the last record's is written in place.
        fc.array(fc.array(value, { minLength: 30, maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 33 }),
        (keys, records, num, step) => {
          const keyFields = encodeHistoryKeys(keys);
          records.forEach((values, r) => {
            const used = values.slice(0, keys.length);
            const encoded = encoder.encode(num + r, step + r, keyFields, used);
            const expected = encodeHistoryRecord(
              num + r,
              step + r,
              keys.map((key, i) => ({ path: [key], valueJson: JSON.stringify(used[i]) })),
            );
            expect(Buffer.from(encoded.bytes.subarray(encoded.start, encoded.end))).toEqual(Buffer.from(expected));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives each record's CRC as a FULL chunk of the .wandb framing: the CRC-32 of the type byte and the record, however its texts change length", () => {
    let crcsGiven = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 12 }),
        // Values picked from a few, so that most stay from one record to the next and some change, in text length too.
        fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true }), fc.constantFrom(0, -0, 9, 10, NaN, Infinity)), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 120 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 33 }),
        (keys, pool, picks, num, step) => {
          const encoder = new HistoryEncoder();
          const keyFields = encodeHistoryKeys(keys);
          for (let r = 0; r * keys.length < picks.length; r++) {
            const values = keys.map((_, i) => pool[(picks[(r * keys.length + i) % picks.length] as number) % pool.length] as number);
            const encoded = encoder.encode(num + r, step + r, keyFields, values);
            crcsGiven++;
            expect(encoded.fullCrc).toBe(fullChunkCrc(encoded.bytes, encoded.start, encoded.end - encoded.start));
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(crcsGiven).toBeGreaterThan(300);
  });

  it("leaves the CRC to the framing when an item is too long for the CRC tables, and gives it again for the next keys", () => {
    const encoder = new HistoryEncoder();
    const long = encodeHistoryKeys(["k".repeat(CrcChanges.MAX_RECORD_BYTES), "short"]);
    expect(encoder.encode(1, 1, long, [1, 2]).fullCrc).toBeUndefined();
    expect(encoder.encode(2, 2, long, [3, 20]).fullCrc).toBeUndefined();
    const encoded = encoder.encode(3, 3, encodeHistoryKeys(["a", "b"]), [1, 2.5]);
    expect(encoded.fullCrc).toBe(fullChunkCrc(encoded.bytes, encoded.start, encoded.end - encoded.start));
  });

  it("leaves the CRC to the framing while the items together are longer than the CRC tables reach, though each item fits them", () => {
    const encoder = new HistoryEncoder();
    const many = encodeHistoryKeys(Array.from({ length: 200 }, (_, i) => `stream_mixing/active/modalities/m${i}`));
    const values = (r: number): number[] => Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? r / 3 : i));
    for (let r = 1; r <= 3; r++) expect(encoder.encode(r, r, many, values(r)).fullCrc).toBeUndefined();
    const few = encodeHistoryKeys(["a", "b"]);
    for (let r = 4; r <= 6; r++) {
      const encoded = encoder.encode(r, r, few, [r, r / 3]);
      expect(encoded.fullCrc).toBe(fullChunkCrc(encoded.bytes, encoded.start, encoded.end - encoded.start));
    }
  });
});
