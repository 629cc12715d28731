import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScalarsEventEncoder } from "../../../../sim/execute/tensorboard/tfEvent.ts";
import { RECORD_FOOTER_BYTES, RECORD_HEADER_BYTES, TfRecordFramer } from "../../../../sim/execute/tensorboard/tfRecord.ts";
import { crc32cOf, maskCrc } from "../../../helpers/tfEventReader.ts";

type Row = Record<string, number>;

/**
 * The event a step's row is, encoded field by field by the protobuf library (Event {
 * wall_time, step, summary { value { tag, simple_value }... } }), then framed as a
 * TFRecord with the tests' own CRC-32C: what the hand-framed encoder must equal byte for
 * byte. (Steps here are >= 1, as a run's are, so proto3 writes the step field too. A
 * value beyond float32's range is stored as an infinity, which the library's `float()`
 * takes only once rounded to float32 by Math.fround.)
 */
function referenceRecord(wallTimeS: number, row: Row, omit: readonly string[]): Buffer {
  const writer = new BinaryWriter()
    .tag(1, WireType.Bit64)
    .double(wallTimeS)
    .tag(2, WireType.Varint)
    .int64(row.step as number);
  writer.tag(5, WireType.LengthDelimited).fork();
  for (const key of Object.keys(row)) {
    if (omit.includes(key)) continue;
    writer
      .tag(1, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .string(key)
      .tag(2, WireType.Bit32)
      .float(Math.fround(row[key] as number))
      .join();
  }
  const data = writer.join().finish();
  const length = Buffer.alloc(8);
  length.writeUInt32LE(data.length, 0);
  const crc = (bytes: Uint8Array): Buffer => {
    const out = Buffer.alloc(4);
    out.writeUInt32LE(maskCrc(crc32cOf(bytes)), 0);
    return out;
  };
  return Buffer.concat([length, crc(length), data, crc(data)]);
}

const LIMIT = 2 ** 24;

describe("ScalarsEventEncoder", () => {
  it("encodes and frames each row of a stream to exactly the protobuf library's event, whatever the tags, values, steps and key changes", () => {
    const value = fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.double(), fc.constantFrom(0, -0, LIMIT, LIMIT + 1, -(LIMIT + 1), 3.4e38, 1e300));
    const keys = fc.uniqueArray(
      fc.string({ minLength: 1, maxLength: 140 }).filter((key) => key !== "step" && key !== "rank"),
      { maxLength: 25 },
    );
    // A stream is a few key lists, each for a few steps: the encoder lays out once per list and must notice every change.
    const segment = fc.record({ keys, steps: fc.integer({ min: 1, max: 4 }), rank: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        // Each value is picked from a few, so that a stream has values that stay and values that change from one event to the next (the CRC of an
        // event is then worked out from the last one's and the bytes that changed).
        fc.array(value, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 100 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (segments, pool, picks, firstStep) => {
          // A run's reduced event file and a rank's sub-run's: each its own encoder (and omitted keys) and framer.
          const files = new Map([false, true].map((rank) => [rank, { encoder: new ScalarsEventEncoder(rank ? ["step", "rank"] : ["step"], LIMIT), framer: new TfRecordFramer() }]));
          let step = firstStep;
          let v = 0;
          for (const { keys: segmentKeys, steps, rank } of segments) {
            const omit = rank ? ["step", "rank"] : ["step"];
            const { encoder, framer } = files.get(rank) as { encoder: ScalarsEventEncoder; framer: TfRecordFramer };
            for (let s = 0; s < steps; s++) {
              const row: Row = Object.fromEntries([
                ["step", step],
                ...(rank ? [["rank", 3]] : []),
                ...segmentKeys.map((key) => [key, pool[(picks[v++ % picks.length] as number) % pool.length] as number]),
              ]);
              const wallTimeS = 1_577_836_800 + step / 8;
              const size = encoder.load(row);
              expect(encoder.step).toBe(step);
              const target = Buffer.alloc(RECORD_HEADER_BYTES + size + RECORD_FOOTER_BYTES + 5, 0xee);
              expect(encoder.encodeInto(target, RECORD_HEADER_BYTES, wallTimeS)).toBe(RECORD_HEADER_BYTES + size);
              expect(framer.frameInPlace(target, 0, size, encoder.changeCrc)).toBe(target.length - 5);
              expect(target.subarray(0, target.length - 5)).toEqual(referenceRecord(wallTimeS, row, omit));
              const large = Object.keys(row).find((key) => !omit.includes(key) && Math.abs(row[key] as number) > LIMIT && Number.isInteger(row[key]));
              expect(encoder.tagAboveWatch).toBe(large);
              step++;
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
