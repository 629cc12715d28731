import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskedCrc32c } from "../../../../sim/execute/tensorboard/maskedCrc32c.ts";
import { encodeFileVersionEvent } from "../../../../sim/execute/tensorboard/tfEvent.ts";
import { frameRecord } from "../../../../sim/execute/tensorboard/tfRecord.ts";
import { crc32cOf, decodeEvent, maskCrc, readRecords } from "../../../helpers/tfEventReader.ts";

const bytes = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));

/**
 * TensorBoard's own test vectors (tensorboard/data/server/tf_record.rs, test_success):
 * the two records of the event file that `tf.summary.scalar("accuracy", 0.99, step=77)`
 * writes, dumped with xxd by TensorBoard's authors.
 */
const RECORD_1_DATA = bytes([0x09, 0x00, 0x00, 0x80, 0x38, 0x99, 0xd6, 0xd7, 0x41, 0x1a, 0x0d], "brain.Event:2");
const RECORD_1 = bytes([0x18, 0, 0, 0, 0, 0, 0, 0], [0xa3, 0x7f, 0x4b, 0x22], RECORD_1_DATA, [0x12, 0x4b, 0x36, 0xab]);
const RECORD_2_DATA = bytes(
  [0x09, 0xc4, 0x05, 0xb7, 0x3d, 0x99, 0xd6, 0xd7, 0x41],
  [0x10, 0x4d, 0x2a, 0x25],
  [0x0a, 0x23, 0x0a, 0x08],
  "accuracy",
  [0x42, 0x0a, 0x08, 0x01, 0x12, 0x00, 0x22, 0x04, 0xa4, 0x70, 0x7d, 0x3f, 0x4a],
  [0x0b, 0x0a, 0x09, 0x0a, 0x07],
  "scalars",
);
const RECORD_2 = bytes([0x32, 0, 0, 0, 0, 0, 0, 0], [0x24, 0x19, 0x56, 0xec], RECORD_2_DATA, [0xa5, 0x5b, 0x64, 0x33]);

describe("frameRecord", () => {
  it("frames TensorBoard's published records byte for byte (length, masked CRC-32C of it, data, masked CRC-32C of the data)", () => {
    expect(RECORD_2_DATA).toHaveLength(0x32);
    expect(frameRecord(RECORD_1_DATA)).toEqual(RECORD_1);
    expect(frameRecord(RECORD_2_DATA)).toEqual(RECORD_2);
  });

  it("encodes the file_version event exactly as TensorFlow did, given the same wall time", () => {
    const wallTimeS = RECORD_1_DATA.readDoubleLE(1);
    expect(Buffer.from(encodeFileVersionEvent(wallTimeS))).toEqual(RECORD_1_DATA);
  });

  it("the tests' independent reader accepts the published file and decodes its events", () => {
    const records = readRecords(Buffer.concat([RECORD_1, RECORD_2]));
    expect(records.map((r) => r.offset)).toEqual([0, RECORD_1.length]);
    expect(decodeEvent(records[0]!.data)).toMatchObject({ fileVersion: "brain.Event:2", step: 0 });
    // TF 2 writes scalars as tensors, not simple_value: the reader sees the tag and no simple value.
    expect(decodeEvent(records[1]!.data)).toMatchObject({ step: 77, values: [{ tag: "accuracy", simpleValue: undefined }] });
  });

  it("the tests' reader rejects a record whose data CRC does not match", () => {
    const corrupt = Buffer.from(RECORD_2);
    corrupt[20] = (corrupt[20] as number) ^ 0x01;
    expect(() => readRecords(corrupt)).toThrow(/data CRC/);
  });
});

describe("maskedCrc32c", () => {
  it('is CRC-32C: the check value of "123456789" is 0xe3069283 (the tests\' own CRC agrees)', () => {
    const check = Buffer.from("123456789");
    expect(crc32cOf(check)).toBe(0xe3069283);
    expect(maskedCrc32c(check)).toBe(maskCrc(0xe3069283));
  });

  it("equals the tests' table-driven masked CRC-32C on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(maskedCrc32c(data)).toBe(maskCrc(crc32cOf(data)));
      }),
    );
  });
});
