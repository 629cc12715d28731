import { WireType } from "@bufbuild/protobuf/wire";
import { HISTORY_ITEM, HISTORY_STEP, RECORD_FIELD } from "./wandbRecord.ts";
import { CRC32_CHANGES } from "../../format/crcChanges.ts";
import { decimalLength, writeDecimal } from "../../format/decimalText.ts";
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
  /** The raw CRC-32 of this record XOR the last one encoded (crcChanges.ts), when the two have the same length; else undefined. */
  readonly changeCrc: number | undefined;
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
 *
 * A record of the same keys as the last one is written over it in place: a value equal
 * to the last one's is skipped (counters often stay), a text as long as the last one's
 * is written over it, and only a text of another length rewrites its item, moving the
 * rest of the record (one native copy) rather than writing every later key again. While
 * the record keeps the last one's length, the bytes that change give the change of its
 * CRC (`changeCrc`, crcChanges.ts), so that the framing need not run the CRC over it.
 */
export class HistoryEncoder {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  /** The keys of the record last encoded, whose bytes are still in `buffer`, and per key its value, text length and item bytes. */
  private lastKeyFields: HistoryKeys | undefined;
  private readonly lastValues: number[] = [];
  private readonly lastTextLengths: number[] = [];
  private readonly lastItemBytes: number[] = [];
  /** Where the last record ended and its head's length; whether the CRC tables cover its length. */
  private lastEnd = 0;
  private lastHeadLength = 0;
  private lastCovered = false;
  /** The bytes of a region as they were before it is written over, to find the changed ones. */
  private readonly before = new Uint8Array(32);
  /** The raw CRC of the changes so far, at their distances from the last record's end. */
  private change = 0;
  private readonly result = { bytes: this.buffer, start: 0, end: 0, changeCrc: undefined as number | undefined };

  /**
   * `values` are the step's numbers by position in `keyFields`' keys; `step` is the
   * record's HistoryStep. The record returned is valid until the next call.
   */
  encode(num: number, step: number, keyFields: HistoryKeys, values: readonly number[]): EncodedRecord {
    // The changes are tracked while the record may still come out as long as the last one.
    let tracked = keyFields === this.lastKeyFields && this.lastCovered;
    this.change = 0;
    let at: number;
    let end: number;
    if (keyFields === this.lastKeyFields) {
      tracked = this.itemsInPlace(keyFields, values, tracked);
      at = this.itemsEnd;
      end = this.movedEnd;
    } else {
      this.lastKeyFields = keyFields;
      at = RESERVED_BYTES;
      for (let i = 0; i < keyFields.length; i++) at = this.writeItem(at, keyFields[i] as Buffer, i, values[i] as number);
      end = -1;
    }
    const buffer = this.buffer;
    // The step's field sits where the last record's did when the step has as many varint bytes.
    const stepBytes = 1 + 1 + 1 + varintLength(step);
    tracked = tracked && at + stepBytes === end;
    if (tracked) this.keep(at, stepBytes);
    const stepStart = at;
    buffer[at++] = (HISTORY_STEP << 3) | WireType.LengthDelimited;
    buffer[at++] = 1 + varintLength(step);
    buffer[at++] = (1 << 3) | WireType.Varint;
    at = writeVarint(buffer, at, step);
    if (tracked) this.compare(stepStart, stepBytes);
    const bodyLength = at - RESERVED_BYTES;
    const headLength = 1 + varintLength(num) + 1 + varintLength(bodyLength);
    const start = RESERVED_BYTES - headLength;
    tracked = tracked && headLength === this.lastHeadLength;
    if (tracked) this.keep(start, headLength);
    let head = start;
    buffer[head++] = (RECORD_FIELD.num << 3) | WireType.Varint;
    head = writeVarint(buffer, head, num);
    buffer[head++] = (RECORD_FIELD.history << 3) | WireType.LengthDelimited;
    writeVarint(buffer, head, bodyLength);
    if (tracked) this.compare(start, headLength);
    this.lastEnd = at;
    this.lastHeadLength = headLength;
    this.lastCovered = CRC32_CHANGES.cover(at - start);
    const result = this.result;
    result.bytes = buffer;
    result.start = start;
    result.end = at;
    result.changeCrc = tracked ? this.change >>> 0 : undefined;
    return result;
  }

  /** Set by itemsInPlace (fields, not a returned object, which was garbage per step): the offset after the items, and where the last record's step field now ends. */
  private itemsEnd = 0;
  private movedEnd = 0;

  /**
   * The items of a record with the last one's keys, over the last one's (itemsEnd and
   * movedEnd say where they end); returns whether the changes are still tracked (no item
   * changed length).
   */
  private itemsInPlace(keyFields: HistoryKeys, values: readonly number[], tracked: boolean): boolean {
    const { lastValues, lastTextLengths, lastItemBytes } = this;
    let at = RESERVED_BYTES;
    let end = this.lastEnd;
    for (let i = 0; i < keyFields.length; i++) {
      const value = values[i] as number;
      const itemBytes = lastItemBytes[i] as number;
      // The same value has the same text (-0 and 0 both "0"), already in place.
      if (value === lastValues[i]) {
        at += itemBytes;
        continue;
      }
      const integer = Number.isSafeInteger(value);
      const text = integer ? "" : numberText(value);
      const textLength = integer ? decimalLength(value) : text.length;
      if (textLength === lastTextLengths[i]) {
        lastValues[i] = value;
        const textStart = at + itemBytes - textLength;
        if (tracked) this.keep(textStart, textLength);
        this.writeText(textStart, value, integer, text, textLength);
        if (tracked) this.compare(textStart, textLength);
        at += itemBytes;
        continue;
      }
      // A text of another length: the rest of the record moves by the item's change of size, and this item is written anew.
      tracked = false;
      const key = keyFields[i] as Buffer;
      const itemLength = key.length + 2 + varintLength(textLength) + textLength;
      const shift = 1 + varintLength(itemLength) + itemLength - itemBytes;
      if (end + shift + 32 > this.buffer.length) this.grow(end + shift + 32);
      this.buffer.copyWithin(at + itemBytes + shift, at + itemBytes, end);
      end += shift;
      at = this.writeItem(at, key, i, value);
    }
    this.itemsEnd = at;
    this.movedEnd = end;
    return tracked;
  }

  /** Writes key `i`'s item whole at `at` and remembers its value, text length and bytes; returns the offset after it. */
  private writeItem(at: number, key: Buffer, i: number, value: number): number {
    // JSON's text of a number: ECMAScript's Number-to-String for a finite one (what JSON.stringify gives,
    // without its call); a safe integer's is its decimal digits, written below without a string.
    const integer = Number.isSafeInteger(value);
    const text = integer ? "" : numberText(value);
    const textLength = integer ? decimalLength(value) : text.length;
    const itemLength = key.length + 2 + varintLength(textLength) + textLength;
    if (at + 12 + itemLength + 32 > this.buffer.length) this.grow(at + 12 + itemLength + 32);
    const buffer = this.buffer;
    const itemStart = at;
    buffer[at++] = ITEM_TAG;
    at = writeVarint(buffer, at, itemLength);
    buffer.set(key, at);
    at += key.length;
    buffer[at++] = VALUE_JSON_TAG[0];
    buffer[at++] = VALUE_JSON_TAG[1];
    at = writeVarint(buffer, at, textLength);
    this.writeText(at, value, integer, text, textLength);
    at += textLength;
    this.lastValues[i] = value;
    this.lastTextLengths[i] = textLength;
    this.lastItemBytes[i] = at - itemStart;
    return at;
  }

  private writeText(at: number, value: number, integer: boolean, text: string, textLength: number): void {
    const buffer = this.buffer;
    if (integer) writeDecimal(buffer, at, value, textLength);
    // A number's text is ASCII: a byte per character, written directly (a Buffer.write per value cost more than the rest).
    else for (let c = 0; c < textLength; c++) buffer[at + c] = text.charCodeAt(c);
  }

  /** Keeps the bytes of `buffer[at, at + length)` before they are written over. */
  private keep(at: number, length: number): void {
    const buffer = this.buffer;
    const before = this.before;
    for (let c = 0; c < length; c++) before[c] = buffer[at + c] as number;
  }

  /** Adds the changes of `buffer[at, at + length)` since `keep` to the record's CRC change (their distances from the last record's end). */
  private compare(at: number, length: number): void {
    const buffer = this.buffer;
    const before = this.before;
    const last = this.lastEnd - 1;
    for (let c = 0; c < length; c++) {
      const x = (buffer[at + c] as number) ^ (before[c] as number);
      if (x !== 0) this.change ^= CRC32_CHANGES.at(last - (at + c), x);
    }
  }

  private grow(bytes: number): void {
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.buffer.length * 2));
    this.buffer.copy(grown);
    this.buffer = grown;
  }
}

/** JSON's text of a number that is not a safe integer: ECMAScript's Number-to-String for a finite one, else `null`. */
function numberText(value: number): string {
  return Number.isFinite(value) ? "" + value : "null";
}
