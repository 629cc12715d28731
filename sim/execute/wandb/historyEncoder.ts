import { WireType } from "@bufbuild/protobuf/wire";
import { HISTORY_ITEM, HISTORY_STEP, RECORD_FIELD } from "./wandbRecord.ts";
import { CRC32_CHANGES } from "../../format/crcChanges.ts";
import { decimalLength, writeDecimal } from "../../format/decimalText.ts";
import { NUMBER_TEXTS } from "../../format/numberTextCache.ts";
import { varintLength, writeVarint } from "../../format/protobufVarint.ts";
import { CHUNK_TYPE, chunkTypeRegister } from "./levelDbLog.ts";

/** Bytes in front of the history body kept free for the record's `num` and the body's tag and length. */
const RESERVED_BYTES = 24;
const ITEM_TAG = (HISTORY_ITEM << 3) | WireType.LengthDelimited;
const KEY_TAG = (1 << 3) | WireType.LengthDelimited;
/** value_json is field 16: its tag takes two varint bytes. */
const VALUE_JSON_TAG = [0x82, 0x01] as const;
/** The longest text of a number (rowLineEncoder.ts): 25 characters. */
const MAX_TEXT_BYTES = 25;

/** An encoded record sitting in `bytes[start, end)`. */
export interface EncodedRecord {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  /** The record's CRC-32 as one FULL chunk of a `.wandb` file (levelDbLog.ts: the type byte, then the record), when worked out; else undefined. */
  readonly fullCrc: number | undefined;
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
 * rest of the record (one native copy) rather than writing every later key again.
 *
 * The record's CRC (`fullCrc`, the framing's) is worked out here, from parts: each item
 * keeps the raw CRC of its bytes, changed by the bytes a new text changes (crcChanges.ts)
 * or worked out anew when its text changes length, and the record's CRC joins the head's,
 * the items' (their running joins kept, redone from the first item that changed) and the
 * step's. A call into the native CRC library per record cost about as
 * much as encoding it, and half a run's records change length, which a byte-wise change
 * of the whole record's CRC cannot follow.
 */
export class HistoryEncoder {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  /** The keys of the record last encoded, whose bytes are still in `buffer`, and per key its value, text length, item bytes and their raw CRC. */
  private lastKeyFields: HistoryKeys | undefined;
  private readonly lastValues: number[] = [];
  private readonly lastTextLengths: number[] = [];
  private readonly lastItemBytes: number[] = [];
  private itemCrcs = new Int32Array(64);
  /** The raw CRC of the items 0..i together (`prefixCrcs[i]`), valid below `changedFrom`, the first item changed since the last record's CRC. */
  private prefixCrcs = new Int32Array(64);
  private changedFrom = 0;
  /** The raw CRC of each key's field (its `key` field's bytes), for the current keys. */
  private keyCrcs = new Int32Array(64);
  /** Where the last record's items end. */
  private itemsEnd = RESERVED_BYTES;
  /** Whether the CRC tables cover every item of the current keys, a key and the longest texts (a key of several KiB does not fit them: the framing's native CRC then). */
  private covered = false;
  /** A number's text, for comparing it with the text in place. */
  private readonly text = Buffer.alloc(MAX_TEXT_BYTES + 7);
  private readonly result = { bytes: this.buffer, start: 0, end: 0, fullCrc: undefined as number | undefined };

  /**
   * `values` are the step's numbers by position in `keyFields`' keys; `step` is the
   * record's HistoryStep. The record returned is valid until the next call.
   */
  encode(num: number, step: number, keyFields: HistoryKeys, values: readonly number[]): EncodedRecord {
    const items = keyFields.length;
    if (keyFields === this.lastKeyFields) this.itemsInPlace(keyFields, values);
    else {
      this.lastKeyFields = keyFields;
      if (this.itemCrcs.length < items) this.itemCrcs = new Int32Array(items * 2);
      if (this.prefixCrcs.length < items) this.prefixCrcs = new Int32Array(items * 2);
      this.changedFrom = 0;
      if (this.keyCrcs.length < items) this.keyCrcs = new Int32Array(items * 2);
      this.covered = true;
      let at = RESERVED_BYTES;
      for (let i = 0; i < items; i++) {
        const key = keyFields[i] as Buffer;
        this.covered = this.covered && CRC32_CHANGES.cover(key.length + 2 * MAX_TEXT_BYTES);
        if (this.covered) this.keyCrcs[i] = CRC32_CHANGES.run(key, 0, key.length);
        const value = values[i] as number;
        at = this.writeItem(at, key, i, value, this.loadText(value), false);
      }
      this.itemsEnd = at;
    }
    let at = this.itemsEnd;
    if (at + 32 > this.buffer.length) this.grow(at + 32);
    const buffer = this.buffer;
    buffer[at++] = (HISTORY_STEP << 3) | WireType.LengthDelimited;
    buffer[at++] = 1 + varintLength(step);
    buffer[at++] = (1 << 3) | WireType.Varint;
    at = writeVarint(buffer, at, step);
    const bodyLength = at - RESERVED_BYTES;
    const start = RESERVED_BYTES - (1 + varintLength(num) + 1 + varintLength(bodyLength));
    let head = start;
    buffer[head++] = (RECORD_FIELD.num << 3) | WireType.Varint;
    head = writeVarint(buffer, head, num);
    buffer[head++] = (RECORD_FIELD.history << 3) | WireType.LengthDelimited;
    writeVarint(buffer, head, bodyLength);
    const result = this.result;
    result.bytes = buffer;
    result.start = start;
    result.end = at;
    result.fullCrc = this.covered ? this.recordCrc(start, at, items) : undefined;
    return result;
  }

  /**
   * The record's FULL-chunk CRC (undefined when the tables do not reach across its items):
   * the type byte's register run through the head, shifted across the items and joined
   * with their CRC, then run through the step field. The items' CRC is the last of their
   * running joins (`prefixCrcs`), of which only those from the first item changed since
   * the last record are worked out again: a step's changes are mostly in its last items
   * (`_step`, `_runtime`, `_timestamp` and the row's last keys), and joining every item
   * anew was the largest part of the writer's CRC work.
   */
  private recordCrc(start: number, end: number, items: number): number | undefined {
    const crc = CRC32_CHANGES;
    const { buffer, itemCrcs, prefixCrcs, lastItemBytes } = this;
    const itemsLength = this.itemsEnd - RESERVED_BYTES;
    if (!crc.cover(itemsLength)) return undefined;
    let joined = this.changedFrom === 0 ? 0 : (prefixCrcs[this.changedFrom - 1] as number);
    for (let i = this.changedFrom; i < items; i++) {
      joined = crc.shift(joined, lastItemBytes[i] as number) ^ (itemCrcs[i] as number);
      prefixCrcs[i] = joined;
    }
    this.changedFrom = items;
    const head = crc.run(buffer, start, RESERVED_BYTES, chunkTypeRegister(CHUNK_TYPE.full));
    const register = items === 0 ? head : crc.shift(head, itemsLength) ^ (prefixCrcs[items - 1] as number);
    return ~crc.run(buffer, this.itemsEnd, end, register) >>> 0;
  }

  /** The items of a record with the last one's keys, over the last one's (`itemsEnd` follows a move). */
  private itemsInPlace(keyFields: HistoryKeys, values: readonly number[]): void {
    const { lastValues, lastTextLengths, lastItemBytes, itemCrcs } = this;
    let at = RESERVED_BYTES;
    for (let i = 0; i < keyFields.length; i++) {
      const value = values[i] as number;
      const itemBytes = lastItemBytes[i] as number;
      // The same value has the same text (-0 and 0 both "0"), already in place.
      if (value === lastValues[i]) {
        at += itemBytes;
        continue;
      }
      const last = lastValues[i] as number;
      lastValues[i] = value;
      const lastLength = lastTextLengths[i] as number;
      // A count that keeps its number of digits (most changes: counters, the step) changes only its last few digits: those are written, no text made.
      if (Number.isSafeInteger(value) && Number.isSafeInteger(last) && value < 0 === last < 0 && decimalLength(value) === lastLength) {
        itemCrcs[i] = (itemCrcs[i] as number) ^ this.writeDigitsOver(at + itemBytes, value, last);
        if (i < this.changedFrom) this.changedFrom = i;
        at += itemBytes;
        continue;
      }
      const textLength = this.loadText(value);
      if (textLength === lastLength) {
        itemCrcs[i] = (itemCrcs[i] as number) ^ this.writeTextOver(at + itemBytes - textLength, textLength);
        if (i < this.changedFrom) this.changedFrom = i;
        at += itemBytes;
        continue;
      }
      // A text of another length: the rest of the record moves by the item's change of size, and this item is written anew
      // (its key stays where it is when its length's varint keeps its size).
      const key = keyFields[i] as Buffer;
      const itemLength = key.length + 2 + varintLength(textLength) + textLength;
      const lastItemLength = key.length + 2 + varintLength(lastLength) + lastLength;
      const shift = 1 + varintLength(itemLength) + itemLength - itemBytes;
      const end = this.itemsEnd;
      if (end + shift + 32 > this.buffer.length) this.grow(end + shift + 32);
      this.buffer.copyWithin(at + itemBytes + shift, at + itemBytes, end);
      this.itemsEnd = end + shift;
      at = this.writeItem(at, key, i, value, textLength, varintLength(itemLength) === varintLength(lastItemLength));
    }
  }

  /**
   * Writes key `i`'s item at `at`, its value's text of `textLength` bytes being in `text`
   * (`loadText`), and remembers its value, text length, bytes and their CRC; returns the
   * offset after it. `keyInPlace`: the key's bytes are there already (an item rewritten
   * where its length's varint kept its size), so they are neither copied nor run through
   * the CRC again (each key's CRC is kept, `keyCrcs`).
   */
  private writeItem(at: number, key: Buffer, i: number, value: number, textLength: number, keyInPlace: boolean): number {
    const itemLength = key.length + 2 + varintLength(textLength) + textLength;
    if (at + 12 + itemLength + 32 > this.buffer.length) this.grow(at + 12 + itemLength + 32);
    const { buffer, text } = this;
    const itemStart = at;
    buffer[at++] = ITEM_TAG;
    at = writeVarint(buffer, at, itemLength);
    const keyStart = at;
    if (!keyInPlace) buffer.set(key, at);
    at += key.length;
    const tailStart = at;
    buffer[at++] = VALUE_JSON_TAG[0];
    buffer[at++] = VALUE_JSON_TAG[1];
    at = writeVarint(buffer, at, textLength);
    for (let c = 0; c < textLength; c++) buffer[at + c] = text[c] as number;
    at += textLength;
    this.lastValues[i] = value;
    this.lastTextLengths[i] = textLength;
    this.lastItemBytes[i] = at - itemStart;
    if (this.covered) {
      // The item's CRC: its tag and length, joined with its key's, then its value's field.
      const crc = CRC32_CHANGES;
      const head = crc.run(buffer, itemStart, keyStart);
      this.itemCrcs[i] = crc.run(buffer, tailStart, at, crc.shift(head, key.length) ^ (this.keyCrcs[i] as number));
      if (i < this.changedFrom) this.changedFrom = i;
    }
    return at;
  }

  /**
   * Writes a number's JSON text into `text` and returns its length: a safe integer's
   * digits written with no string made for them, any other number's text (ECMAScript's
   * Number-to-String for a finite one, `null` for the rest) from the cache of recent ones.
   */
  private loadText(value: number): number {
    const text = this.text;
    if (Number.isSafeInteger(value)) return writeDecimal(text, 0, value, decimalLength(value));
    return NUMBER_TEXTS.copyInto(text, 0, NUMBER_TEXTS.find(value));
  }

  /**
   * Writes the digits of the safe integer `value` over those of `last`, a safe integer of
   * the same sign and number of digits whose text ends at `end` (the item's end), last
   * digit first and only as far as the two differ; returns the change of the item's raw CRC.
   */
  private writeDigitsOver(end: number, value: number, last: number): number {
    const buffer = this.buffer;
    const crc = CRC32_CHANGES;
    let change = 0;
    let rest = Math.abs(value);
    let lastRest = Math.abs(last);
    let c = end;
    // Below 2^31 (most counts, steps and the fixed clock's seconds), 32-bit integer arithmetic; above, exact double arithmetic.
    if (rest < 0x80000000 && lastRest < 0x80000000) {
      let small = rest | 0;
      let lastSmall = lastRest | 0;
      while (small !== lastSmall) {
        const tenth = (small / 10) | 0;
        const lastTenth = (lastSmall / 10) | 0;
        const digit = small - tenth * 10;
        const lastDigit = lastSmall - lastTenth * 10;
        c--;
        if (digit !== lastDigit) {
          buffer[c] = 0x30 + digit;
          if (this.covered) change ^= crc.at(end - 1 - c, digit ^ lastDigit);
        }
        small = tenth;
        lastSmall = lastTenth;
      }
      return change;
    }
    while (rest !== lastRest) {
      const digit = rest % 10;
      const lastDigit = lastRest % 10;
      c--;
      if (digit !== lastDigit) {
        buffer[c] = 0x30 + digit;
        // The digits' characters differ in their low four bits only.
        if (this.covered) change ^= crc.at(end - 1 - c, digit ^ lastDigit);
      }
      rest = (rest - digit) / 10;
      lastRest = (lastRest - lastDigit) / 10;
    }
    return change;
  }

  /** Writes `text`'s first `length` bytes over the text of the same length at `at`, the end of an item; returns the change of the item's raw CRC. */
  private writeTextOver(at: number, length: number): number {
    const { buffer, text } = this;
    const crc = CRC32_CHANGES;
    let change = 0;
    for (let c = 0; c < length; c++) {
      const x = (buffer[at + c] as number) ^ (text[c] as number);
      if (x === 0) continue;
      buffer[at + c] = text[c] as number;
      if (this.covered) change ^= crc.at(length - 1 - c, x);
    }
    return change;
  }

  private grow(bytes: number): void {
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.buffer.length * 2));
    this.buffer.copy(grown);
    this.buffer = grown;
  }
}
