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

/**
 * Encodes a step's history record (wandbRecord.ts: Record { num, history { item..., step } })
 * straight into a reused buffer: a run writes one per step with the same ~20 keys, so
 * each key's bytes are encoded once and a step writes only the values' text. The value
 * text is JSON's (ECMAScript's shortest round-trip form, as metrics.jsonl has it). A
 * test checks the bytes against the protobuf library's encoding (encodeHistoryRecord).
 */
export class HistoryEncoder {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  private readonly keyBytes = new Map<string, Buffer>();

  /** `entries` are the keys and numbers of the step, in order; `step` is the record's HistoryStep. */
  encode(num: number, step: number, keys: readonly string[], values: readonly number[]): EncodedRecord {
    let at = RESERVED_BYTES;
    for (let i = 0; i < keys.length; i++) {
      const key = this.keyOf(keys[i] as string);
      const value = values[i] as number;
      // JSON's text of a number: ECMAScript's Number-to-String for a finite one (what JSON.stringify gives, without its call).
      const text = Number.isFinite(value) ? "" + value : "null";
      const itemLength = key.length + 2 + varintLength(text.length) + text.length;
      this.ensure(at + 1 + 5 + itemLength + 32);
      const buffer = this.buffer;
      buffer[at++] = ITEM_TAG;
      at = writeVarint(buffer, at, itemLength);
      key.copy(buffer, at);
      at += key.length;
      buffer[at++] = VALUE_JSON_TAG[0];
      buffer[at++] = VALUE_JSON_TAG[1];
      at = writeVarint(buffer, at, text.length);
      // A number's text is ASCII: a byte per character, written directly (a Buffer.write per value cost more than the rest).
      for (let c = 0; c < text.length; c++) buffer[at++] = text.charCodeAt(c);
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

  /** A HistoryItem's `key` field: tag, length, UTF-8 bytes. */
  private keyOf(key: string): Buffer {
    let bytes = this.keyBytes.get(key);
    if (bytes === undefined) {
      const utf8 = Buffer.from(key, "utf8");
      bytes = Buffer.alloc(1 + varintLength(utf8.length) + utf8.length);
      bytes[0] = KEY_TAG;
      utf8.copy(bytes, writeVarint(bytes, 1, utf8.length));
      this.keyBytes.set(key, bytes);
    }
    return bytes;
  }

  private ensure(bytes: number): void {
    if (bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.buffer.length * 2));
    this.buffer.copy(grown);
    this.buffer = grown;
  }
}
