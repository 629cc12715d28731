/**
 * A `.wandb` reader for the tests, written apart from the writer in sim/execute/wandb/ (its own
 * table-driven CRC-32, its own chunk reassembly and protobuf decoding), so that a bug in
 * the writer is not read back as right by the same code reversed. It decodes every
 * record to a plain object of the fields our files use (by wandb_internal.proto's numbers).
 */

import { reflectedCrc32 } from "./reflectedCrc32.ts";

/** zlib's CRC-32, continuing from `crc` (0 to start). */
const crc32 = reflectedCrc32(0xedb88320);

const BLOCK = 32768;

/**
 * Splits a file into records: checks the 7-byte header (":W&B", 0xBEE1, version 0), each
 * chunk's CRC (over its type byte and data), the FULL / FIRST, MIDDLE, LAST sequence and
 * the zero padding of block tails. `tolerateTruncatedTail` stops at a cut-off last record
 * (a killed writer) instead of throwing, as W&B's reader does.
 */
export function readWandbRecords(file: Uint8Array, options: { tolerateTruncatedTail?: boolean } = {}): Uint8Array[] {
  const header = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00];
  header.forEach((byte, i) => {
    if (file[i] !== byte) throw new Error(`file header byte ${i} is ${file[i]}, expected ${byte}`);
  });
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let parts: Uint8Array[] | undefined;
  let at = 7;
  while (at < file.length) {
    const left = BLOCK - (at % BLOCK);
    if (left < 7) {
      for (let i = at; i < at + left && i < file.length; i++) if (file[i] !== 0) throw new Error(`block padding at ${i} is not zero`);
      at += left;
      continue;
    }
    if (at + 7 > file.length) {
      if (options.tolerateTruncatedTail) break;
      throw new Error(`chunk at ${at}: truncated header`);
    }
    const crc = view.getUint32(at, true);
    const length = view.getUint16(at + 4, true);
    const type = file[at + 6] as number;
    if (length > left - 7) throw new Error(`chunk at ${at}: length ${length} crosses the block`);
    if (at + 7 + length > file.length) {
      if (options.tolerateTruncatedTail) break;
      throw new Error(`chunk at ${at}: truncated data`);
    }
    const data = file.subarray(at + 7, at + 7 + length);
    const expected = crc32(data, crc32(Uint8Array.of(type)));
    if (crc !== expected) throw new Error(`chunk at ${at}: CRC ${crc.toString(16)}, computed ${expected.toString(16)}`);
    if (type === 1) {
      if (parts !== undefined) throw new Error(`chunk at ${at}: FULL inside a split record`);
      records.push(data);
    } else if (type === 2) {
      if (parts !== undefined) throw new Error(`chunk at ${at}: FIRST inside a split record`);
      parts = [data];
    } else if (type === 3 || type === 4) {
      if (parts === undefined) throw new Error(`chunk at ${at}: ${type === 3 ? "MIDDLE" : "LAST"} without FIRST`);
      parts.push(data);
      if (type === 4) {
        records.push(Buffer.concat(parts));
        parts = undefined;
      }
    } else throw new Error(`chunk at ${at}: type ${type}`);
    at += 7 + length;
  }
  if (parts !== undefined && !options.tolerateTruncatedTail) throw new Error("file ends inside a split record");
  return records;
}

type Fields = Map<number, (bigint | Uint8Array)[]>;

function decodeFields(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error("truncated varint");
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: bigint | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = Number(varint());
      value = bytes.subarray(at, at + length);
      if (at + length > bytes.length) throw new Error("truncated field");
      at += length;
    } else throw new Error(`wire type ${wire} of field ${field} is not one our files use`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const text = (bytes: bigint | Uint8Array | undefined): string | undefined => (bytes instanceof Uint8Array ? new TextDecoder("utf-8", { fatal: true }).decode(bytes) : undefined);
const int = (value: bigint | Uint8Array | undefined): number | undefined => (typeof value === "bigint" ? Number(value) : undefined);
const message = (value: bigint | Uint8Array | undefined): Fields => (value instanceof Uint8Array ? decodeFields(value) : new Map());

export interface WandbItem {
  readonly path: readonly string[];
  readonly value: unknown;
}

function itemsOf(fields: Fields, field: number): WandbItem[] {
  return (fields.get(field) ?? []).map((bytes) => {
    const item = message(bytes);
    const key = text(item.get(1)?.[0]);
    const path = key !== undefined ? [key] : (item.get(2) ?? []).map((part) => text(part) as string);
    return { path, value: JSON.parse(text(item.get(16)?.[0]) as string) as unknown };
  });
}

export type WandbRecord =
  | { readonly num: number; readonly type: "header"; readonly producer: string; readonly minConsumer: string }
  | {
      readonly num: number;
      readonly type: "run";
      readonly runId: string;
      readonly project: string;
      readonly group?: string;
      readonly jobType?: string;
      readonly displayName: string;
      readonly tags: readonly string[];
      readonly host?: string;
      readonly config: readonly WandbItem[];
      readonly startTimeS: number;
    }
  | { readonly num: number; readonly type: "history"; readonly step: number; readonly items: readonly WandbItem[] }
  | { readonly num: number; readonly type: "summary"; readonly items: readonly WandbItem[] }
  | { readonly num: number; readonly type: "config"; readonly items: readonly WandbItem[] }
  | { readonly num: number; readonly type: "files"; readonly paths: readonly string[] }
  | { readonly num: number; readonly type: "exit"; readonly exitCode: number; readonly runtimeS: number };

/** Decodes one record; throws on a record type our files do not write. */
export function decodeWandbRecord(bytes: Uint8Array): WandbRecord {
  const fields = decodeFields(bytes);
  const num = int(fields.get(1)?.[0]) ?? 0;
  if (fields.has(21)) {
    const version = message(message(fields.get(21)?.[0]).get(1)?.[0]);
    return { num, type: "header", producer: text(version.get(1)?.[0]) as string, minConsumer: text(version.get(2)?.[0]) as string };
  }
  if (fields.has(17)) {
    const run = message(fields.get(17)?.[0]);
    const start = message(run.get(17)?.[0]);
    const group = text(run.get(6)?.[0]);
    const jobType = text(run.get(7)?.[0]);
    const host = text(run.get(13)?.[0]);
    return {
      num,
      type: "run",
      runId: text(run.get(1)?.[0]) as string,
      project: text(run.get(3)?.[0]) as string,
      ...(group !== undefined ? { group } : {}),
      ...(jobType !== undefined ? { jobType } : {}),
      displayName: text(run.get(8)?.[0]) as string,
      tags: (run.get(10) ?? []).map((t) => text(t) as string),
      ...(host !== undefined ? { host } : {}),
      config: itemsOf(message(run.get(4)?.[0]), 1),
      startTimeS: (int(start.get(1)?.[0]) ?? 0) + (int(start.get(2)?.[0]) ?? 0) / 1e9,
    };
  }
  if (fields.has(2)) {
    const history = message(fields.get(2)?.[0]);
    return { num, type: "history", step: int(message(history.get(2)?.[0]).get(1)?.[0]) ?? 0, items: itemsOf(history, 1) };
  }
  if (fields.has(3)) return { num, type: "summary", items: itemsOf(message(fields.get(3)?.[0]), 1) };
  if (fields.has(5)) return { num, type: "config", items: itemsOf(message(fields.get(5)?.[0]), 1) };
  if (fields.has(6)) return { num, type: "files", paths: (message(fields.get(6)?.[0]).get(1) ?? []).map((f) => text(message(f).get(1)?.[0]) as string) };
  if (fields.has(18)) {
    const exit = message(fields.get(18)?.[0]);
    return { num, type: "exit", exitCode: int(exit.get(1)?.[0]) ?? 0, runtimeS: int(exit.get(2)?.[0]) ?? 0 };
  }
  throw new Error(`record ${num}: fields ${[...fields.keys()].join(",")} are no record type our files write`);
}

export function readWandbFile(file: Uint8Array, options: { tolerateTruncatedTail?: boolean } = {}): WandbRecord[] {
  return readWandbRecords(file, options).map(decodeWandbRecord);
}
