/**
 * An event-file reader for the tests, written apart from the writer in sim/execute/tensorboard/
 * (its own table-driven CRC-32C and its own protobuf decoding), so that a bug in the
 * writer is not read back as right by the same code reversed.
 */

import { reflectedCrc32 } from "./reflectedCrc32.ts";

/** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78. */
export const crc32cOf = reflectedCrc32(0x82f63b78);

/** TFRecord's masking: rotate right by 15, add 0xa282ead8 (mod 2^32). */
export function maskCrc(crc: number): number {
  const rotated = ((crc >>> 15) | ((crc & 0x7fff) << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 0x1_0000_0000;
}

export interface ReadRecord {
  readonly offset: number;
  readonly data: Uint8Array;
}

/** Splits a file into TFRecords, throwing on any bad CRC or a truncated record. */
export function readRecords(file: Uint8Array): ReadRecord[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: ReadRecord[] = [];
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`record at ${at}: truncated header`);
    const lengthLow = view.getUint32(at, true);
    const lengthHigh = view.getUint32(at + 4, true);
    if (lengthHigh !== 0) throw new Error(`record at ${at}: length above 4 GiB`);
    const lengthCrc = view.getUint32(at + 8, true);
    const expectLengthCrc = maskCrc(crc32cOf(file.subarray(at, at + 8)));
    if (lengthCrc !== expectLengthCrc) throw new Error(`record at ${at}: length CRC ${lengthCrc.toString(16)}, computed ${expectLengthCrc.toString(16)}`);
    const dataStart = at + 12;
    const dataEnd = dataStart + lengthLow;
    if (dataEnd + 4 > file.length) throw new Error(`record at ${at}: truncated data`);
    const data = file.subarray(dataStart, dataEnd);
    const dataCrc = view.getUint32(dataEnd, true);
    const expectDataCrc = maskCrc(crc32cOf(data));
    if (dataCrc !== expectDataCrc) throw new Error(`record at ${at}: data CRC ${dataCrc.toString(16)}, computed ${expectDataCrc.toString(16)}`);
    records.push({ offset: at, data });
    at = dataEnd + 4;
  }
  return records;
}

/** One protobuf field as read from the wire: a number for varint/fixed fields, bytes for length-delimited ones. */
interface WireField {
  readonly field: number;
  readonly wireType: number;
  readonly varint?: bigint;
  readonly bytes?: Uint8Array;
  readonly fixed?: DataView;
}

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (at >= bytes.length) throw new Error("truncated varint");
    const byte = bytes[at++] as number;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at];
    shift += 7n;
  }
}

function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [key, afterKey] = readVarint(bytes, at);
    at = afterKey;
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, at);
      fields.push({ field, wireType, varint: value });
      at = next;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      fields.push({ field, wireType, fixed: new DataView(bytes.buffer, bytes.byteOffset + at, size) });
      at += size;
    } else if (wireType === 2) {
      const [length, next] = readVarint(bytes, at);
      fields.push({ field, wireType, bytes: bytes.subarray(next, next + Number(length)) });
      at = next + Number(length);
    } else {
      throw new Error(`unexpected wire type ${wireType}`);
    }
  }
  if (at !== bytes.length) throw new Error("message overruns its bytes");
  return fields;
}

export interface DecodedEvent {
  readonly wallTime: number;
  readonly step: number;
  readonly fileVersion?: string;
  /** A `session_log` (field 7) with status START (1): the run (re)starts at this step. */
  readonly sessionStart?: boolean;
  /** The summary's values in file order: tag and simple_value (undefined when another value form is used). */
  readonly values?: readonly DecodedValue[];
}

/** A summary value: its tag and simple_value, or for a plugin's tensor value the plugin's name and the tensor's strings. */
export interface DecodedValue {
  readonly tag: string;
  readonly simpleValue: number | undefined;
  readonly pluginName?: string;
  readonly tensorStrings?: readonly Uint8Array[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes an Event (event.proto fields 1 wall_time, 2 step, 3 file_version, 5 summary). */
export function decodeEvent(data: Uint8Array): DecodedEvent {
  let wallTime = 0;
  let step = 0;
  let fileVersion: string | undefined;
  let sessionStart: boolean | undefined;
  let values: DecodedValue[] | undefined;
  for (const f of readFields(data)) {
    if (f.field === 1 && f.wireType === 1) wallTime = (f.fixed as DataView).getFloat64(0, true);
    else if (f.field === 2 && f.wireType === 0) step = Number(f.varint);
    else if (f.field === 3 && f.wireType === 2) fileVersion = utf8.decode(f.bytes);
    else if (f.field === 7 && f.wireType === 2) {
      const status = readFields(f.bytes as Uint8Array).find((x) => x.field === 1);
      if (status?.varint !== 1n) throw new Error(`SessionLog: status ${status?.varint}, expected START (1)`);
      sessionStart = true;
    } else if (f.field === 5 && f.wireType === 2) {
      values = [];
      for (const v of readFields(f.bytes as Uint8Array)) {
        if (v.field !== 1 || v.wireType !== 2) throw new Error(`Summary: unexpected field ${v.field}`);
        let tag = "";
        let simpleValue: number | undefined;
        let pluginName: string | undefined;
        let tensorStrings: Uint8Array[] | undefined;
        for (const x of readFields(v.bytes as Uint8Array)) {
          if (x.field === 1 && x.wireType === 2) tag = utf8.decode(x.bytes);
          else if (x.field === 2 && x.wireType === 5) simpleValue = (x.fixed as DataView).getFloat32(0, true);
          // TensorProto (tensor.proto): dtype 1, tensor_shape 2, string_val 8.
          else if (x.field === 8 && x.wireType === 2)
            tensorStrings = readFields(x.bytes as Uint8Array)
              .filter((t) => t.field === 8)
              .map((t) => t.bytes as Uint8Array);
          // SummaryMetadata { PluginData plugin_data = 1 { string plugin_name = 1 } }.
          else if (x.field === 9 && x.wireType === 2) {
            const pluginData = readFields(x.bytes as Uint8Array).find((m) => m.field === 1);
            const name = pluginData === undefined ? undefined : readFields(pluginData.bytes as Uint8Array).find((m) => m.field === 1);
            if (name !== undefined) pluginName = utf8.decode(name.bytes);
          }
        }
        values.push({ tag, simpleValue, ...(pluginName !== undefined ? { pluginName } : {}), ...(tensorStrings !== undefined ? { tensorStrings } : {}) });
      }
    } else throw new Error(`Event: unexpected field ${f.field} (wire type ${f.wireType})`);
  }
  return { wallTime, step, ...(fileVersion !== undefined ? { fileVersion } : {}), ...(sessionStart ? { sessionStart } : {}), ...(values !== undefined ? { values } : {}) };
}

/** Every event of an event file, CRCs checked. */
export function readEventFile(file: Uint8Array): DecodedEvent[] {
  return readRecords(file).map((record) => decodeEvent(record.data));
}

/**
 * The Custom Scalars layout (tensorboard/plugins/custom_scalar/layout.proto) an event
 * file holds, decoded: its categories' titles and their charts' titles and tag regexes.
 */
export function customScalarsLayoutOf(events: readonly DecodedEvent[]): { title: string; charts: { title: string; tags: string[] }[] }[] | undefined {
  const value = events.flatMap((e) => e.values ?? []).find((v) => v.tag === "custom_scalars__config__" && v.pluginName === "custom_scalars");
  if (value === undefined) return undefined;
  return readFields(value.tensorStrings?.[0] as Uint8Array)
    .filter((f) => f.field === 2)
    .map((category) => {
      const fields = readFields(category.bytes as Uint8Array);
      return {
        title: utf8.decode(fields.find((f) => f.field === 1)?.bytes),
        charts: fields
          .filter((f) => f.field === 2)
          .map((chart) => {
            const c = readFields(chart.bytes as Uint8Array);
            const multiline = c.find((f) => f.field === 2);
            return { title: utf8.decode(c.find((f) => f.field === 1)?.bytes), tags: readFields(multiline?.bytes as Uint8Array).map((t) => utf8.decode(t.bytes)) };
          }),
      };
    });
}

/** The events that hold a step's scalars (every event but the file_version, the SessionLog START and the layout). */
export function scalarEvents(events: readonly DecodedEvent[]): DecodedEvent[] {
  return events.filter((e) => e.fileVersion === undefined && e.sessionStart === undefined && !(e.values ?? []).some((v) => v.tag === "custom_scalars__config__"));
}
