import { WireType } from "@bufbuild/protobuf/wire";
import { HISTORY_ITEM, HISTORY_STEP, RECORD_FIELD } from "./wandbRecord.ts";
import { varintLength, writeVarint } from "../../format/protobufVarint.ts";

/** Bytes in front of the history body kept free for the record's `num` and the body's tag and length. */
const RESERVED_BYTES = 24;
const ITEM_TAG = (HISTORY_ITEM << 3) | WireType.LengthDelimited;
const KEY_TAG = (1 << 3) | WireType.LengthDelimited;
/** value_json is field 16: its tag takes two varint bytes. */
const VALUE_JSON_TAG = [0x82, 0x01] as const;

/** An encoded record sitting in `bytes[start, end)`. */
export interface EncodedRecord {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** Each key's HistoryItem `key` field (tag, length, UTF-8 bytes), encoded once per key list (`encodeHistoryKeys`). */
export type HistoryKeys = readonly Buffer[];

export function encodeHistoryKeys(keys: readonly string[]): HistoryKeys {
  return keys.map((key) => {
    const utf8 = Buffer.from(key, "utf8");
    const field = Buffer.alloc(1 + varintLength(utf8.length) + utf8.length);
    field[0] = KEY_TAG;
    utf8.copy(field, writeVarint(field, 1, utf8.length));
    return field;
  });
}

/**
 * Encodes a step's history record (wandbRecord.ts: Record { num, history { item..., step } })
 * straight into a reused buffer: a run writes one per step with the same ~20 keys, so
 * each key's bytes are encoded once (encodeHistoryKeys) and a step writes only the
 * values' text. The value text is JSON's (ECMAScript's shortest round-trip form, as
 * metrics.jsonl has it); an integer's digits are written straight into the buffer, with
 * no string made for it, as most values are counts. A test checks the bytes against the
 * protobuf library's encoding (encodeHistoryRecord).
 */
export class HistoryEncoder {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  /**
   * The keys and each value's text length of the record last encoded, whose bytes are
   * still in `buffer`: while a record's texts have the lengths of the last one's, its
   * items sit where the last one's did, and only their text is written (a copy of each
   * key's bytes per step was a third of the encoding).
   */
  private lastKeyFields: HistoryKeys | undefined;
  private readonly lastTextLengths: number[] = [];

  /** `values` are the step's numbers by position in `keyFields`' keys; `step` is the record's HistoryStep. */
  encode(num: number, step: number, keyFields: HistoryKeys, values: readonly number[]): EncodedRecord {
    const lastTextLengths = this.lastTextLengths;
    let inPlace = keyFields === this.lastKeyFields;
    this.lastKeyFields = keyFields;
    let at = RESERVED_BYTES;
    for (let i = 0; i < keyFields.length; i++) {
      const key = keyFields[i] as Buffer;
      const value = values[i] as number;
      // JSON's text of a number: ECMAScript's Number-to-String for a finite one (what JSON.stringify gives,
      // without its call); a safe integer's is its decimal digits, written below without a string.
      const integer = Number.isSafeInteger(value);
      const text = integer ? "" : Number.isFinite(value) ? "" + value : "null";
      const textLength = integer ? decimalLength(value) : text.length;
      const itemLength = key.length + 2 + varintLength(textLength) + textLength;
      inPlace = inPlace && lastTextLengths[i] === textLength;
      lastTextLengths[i] = textLength;
      if (inPlace) {
        // The item's tag, length, key and value's tag and length are the last record's, at the same place.
        at += 1 + varintLength(itemLength) + key.length + 2 + varintLength(textLength);
      } else {
        if (at + 12 + itemLength + 32 > this.buffer.length) this.grow(at + 12 + itemLength + 32);
        const buffer = this.buffer;
        buffer[at++] = ITEM_TAG;
        at = writeVarint(buffer, at, itemLength);
        buffer.set(key, at);
        at += key.length;
        buffer[at++] = VALUE_JSON_TAG[0];
        buffer[at++] = VALUE_JSON_TAG[1];
        at = writeVarint(buffer, at, textLength);
      }
      const buffer = this.buffer;
      if (integer) at = writeDecimal(buffer, at, value, textLength);
      // A number's text is ASCII: a byte per character, written directly (a Buffer.write per value cost more than the rest).
      else for (let c = 0; c < textLength; c++) buffer[at++] = text.charCodeAt(c);
    }
    const buffer = this.buffer;
    buffer[at++] = (HISTORY_STEP << 3) | WireType.LengthDelimited;
    buffer[at++] = 1 + varintLength(step);
    buffer[at++] = (1 << 3) | WireType.Varint;
    at = writeVarint(buffer, at, step);
    const bodyLength = at - RESERVED_BYTES;
    const headLength = 1 + varintLength(num) + 1 + varintLength(bodyLength);
    let start = RESERVED_BYTES - headLength;
    buffer[start++] = (RECORD_FIELD.num << 3) | WireType.Varint;
    start = writeVarint(buffer, start, num);
    buffer[start++] = (RECORD_FIELD.history << 3) | WireType.LengthDelimited;
    writeVarint(buffer, start, bodyLength);
    return { bytes: buffer, start: RESERVED_BYTES - headLength, end: at };
  }

  private grow(bytes: number): void {
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.buffer.length * 2));
    this.buffer.copy(grown);
    this.buffer = grown;
  }
}

/** The characters of a safe integer's decimal text: its digits and a leading "-" if negative (-0 is "0"). */
function decimalLength(value: number): number {
  let length = value < 0 ? 2 : 1;
  let rest = Math.abs(value);
  while (rest >= 1e4) {
    rest = (rest - (rest % 1e4)) / 1e4;
    length += 4;
  }
  return length + (rest >= 1000 ? 3 : rest >= 100 ? 2 : rest >= 10 ? 1 : 0);
}

/** Writes a safe integer's decimal text of `length` characters at `at`, last digit first; returns the offset after it. */
function writeDecimal(target: Buffer, at: number, value: number, length: number): number {
  const end = at + length;
  if (value < 0) target[at] = 0x2d;
  let rest = Math.abs(value);
  let c = end;
  // Above 2^31, exact double arithmetic; below, 32-bit integer arithmetic (most values, and much faster).
  for (; rest >= 0x80000000; rest = (rest - (rest % 10)) / 10) target[--c] = 0x30 + (rest % 10);
  let small = rest | 0;
  do {
    const tenth = (small / 10) | 0;
    target[--c] = 0x30 + small - tenth * 10;
    small = tenth;
  } while (small > 0);
  return end;
}
