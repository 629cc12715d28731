import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { varintLength, writeVarint } from "../../format/protobufVarint.ts";
import { CRC32C_CHANGES } from "../../format/crcChanges.ts";
import { keptColumns, RowColumns } from "../../format/rowColumns.ts";

/**
 * The few fields of TensorFlow's `Event` and `Summary` protos (tensorflow/core/util/event.proto,
 * tensorflow/core/framework/summary.proto) that a scalar event file needs:
 *   Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }  Value { string tag = 1; float simple_value = 2; }
 */
const EVENT_WALL_TIME = 1;
const EVENT_STEP = 2;
const EVENT_FILE_VERSION = 3;
const EVENT_SUMMARY = 5;
const SUMMARY_VALUE = 1;
const VALUE_TAG = 1;
const VALUE_SIMPLE_VALUE = 2;
const FLOAT_BYTES = 4;

/** The version string TensorBoard expects in an event file's first event. */
export const EVENT_FILE_VERSION_STRING = "brain.Event:2";

/** The first event of every event file: its wall time and the format version (step 0, left out as proto3 does). */
export function encodeFileVersionEvent(wallTimeS: number): Uint8Array {
  return new BinaryWriter().tag(EVENT_WALL_TIME, WireType.Bit64).double(wallTimeS).tag(EVENT_FILE_VERSION, WireType.LengthDelimited).string(EVENT_FILE_VERSION_STRING).finish();
}

/** Event.session_log = 7 (event.proto), SessionLog { SessionStatus status = 1; } with START = 1. */
const EVENT_SESSION_LOG = 7;
const SESSION_LOG_STATUS = 1;
const SESSION_STATUS_START = 1;

/**
 * The event that says "the run (re)starts at `step`": TensorBoard, on reading it, drops
 * whatever it holds of this run at `step` and later (its "purge orphaned data"). A run
 * directory's re-run writes a new event file into the same log directory, so without it
 * a TensorBoard that stayed open would keep showing the earlier run's points.
 */
export function encodeSessionStartEvent(wallTimeS: number, step: number): Uint8Array {
  const writer = new BinaryWriter().tag(EVENT_WALL_TIME, WireType.Bit64).double(wallTimeS);
  if (step !== 0) writer.tag(EVENT_STEP, WireType.Varint).int64(step);
  return writer.tag(EVENT_SESSION_LOG, WireType.LengthDelimited).fork().tag(SESSION_LOG_STATUS, WireType.Varint).int32(SESSION_STATUS_START).join().finish();
}

/** A Summary's bytes for one list of row keys, with a 4-byte slot for each value. */
interface SummaryTemplate {
  /** The keys that are scalars (the row's keys less those omitted), in the row's order. */
  readonly tags: readonly string[];
  /** Each tag's position in the row's keys (RowColumns), where its value is read from. */
  readonly columns: readonly number[];
  /** The summary's bytes, each slot holding the float last written into it (the last event of this template's, once `filled`). */
  readonly bytes: Buffer;
  readonly floatOffsets: readonly number[];
  /** Each slot's float bits as `bytes` holds them, and its first byte's distance from the summary's end (CRC updates). */
  readonly floatBits: Uint32Array;
  readonly floatDistances: Int32Array;
  filled: boolean;
  /** The position of `step` in the row's keys. */
  readonly stepColumn: number;
}

type Row = Readonly<Record<string, number>>;

/** An event's bytes before its summary: wall_time's tag and 8 bytes, step's tag and varint, the summary's tag and length. */
const MAX_HEAD_BYTES = 1 + 8 + 1 + 10 + 1 + 5;

/** A float's bits, as Buffer.writeFloatLE writes them (the same Float32Array conversion). */
const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
/** A double's two 32-bit words, low word first whatever the platform's byte order (writeDoubleLE's bytes, without its call per event). */
const float64 = new Float64Array(1);
const float64Words = new Uint32Array(float64.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * Encodes one step's event: a summary holding one `simple_value` per key of the row
 * (in the row's order) but the keys in `omit`. The values are stored as 32-bit floats:
 * that is the field's type in summary.proto.
 *
 * A run writes one event per step with the same ~20 tags every time, and encoding each
 * Value afresh (UTF-8, nested lengths, a buffer per message) cost as much as a step of the
 * engine. So the summary's bytes for a list of keys are encoded once, by the protobuf
 * library, with a slot for each float; a step reads the row once (RowColumns), writes
 * the event's three leading fields (wall_time, step, the summary's key and length),
 * writes the floats that changed into the summary's slots and copies the summary into
 * the caller's buffer. As it knows which bytes changed since the last event, it also
 * gives the change of the event's CRC-32C (`changeCrc`, crcChanges.ts), so that the
 * framing need not run the CRC over the whole event. A test holds the bytes equal to the
 * protobuf library's encoding of the whole event on random rows.
 */
export class ScalarsEventEncoder {
  private readonly columns: RowColumns<SummaryTemplate>;
  private template: SummaryTemplate | undefined;
  /** The step of the row last loaded. */
  step = 0;
  /**
   * The last encoded event's first tag whose value is an integer of magnitude above
   * `watchAbove`, if any: the float32 precision watch runs in the loop that writes the
   * floats anyway, as a second pass over every row was a visible share of a run.
   */
  tagAboveWatch: string | undefined;
  /** That tag's value. */
  valueAboveWatch = 0;
  /**
   * The raw CRC-32C of the last encoded event XOR the one before it (crcChanges.ts), when
   * both have the same template and length; undefined when the framing must run the CRC.
   */
  changeCrc: number | undefined;
  /** The last event's head bytes and its template, to tell which head bytes changed. */
  private readonly lastHead = Buffer.alloc(MAX_HEAD_BYTES);
  private lastHeadLength = 0;
  private lastTemplate: SummaryTemplate | undefined;

  /** `omit`: the row's keys that are not scalars (`step`, the event's own field; a rank's sub-run's `rank`). */
  constructor(
    omit: readonly string[],
    private readonly watchAbove = Infinity,
  ) {
    this.columns = new RowColumns((keys) => layOut(keys, omit));
  }

  /** Reads a row and returns its event's size in bytes; `encodeInto` then writes that event. */
  load(row: Row): number {
    return this.loaded(this.columns.read(row));
  }

  /** As `load`, for a row already read as columns (RowColumns' `keys` and `values`, which must stay as they are until `encodeInto`). */
  loadColumns(keys: readonly string[], values: readonly number[]): number {
    return this.loaded(this.columns.adopt(keys, values));
  }

  private loaded(template: SummaryTemplate): number {
    this.template = template;
    const step = this.columns.values[template.stepColumn] as number;
    this.step = step;
    return 1 + 8 + 1 + varintLength(step) + 1 + varintLength(template.bytes.length) + template.bytes.length;
  }

  /** Writes the event of the last loaded row, sized by `load`, at `target[at]`; returns the offset after it. */
  encodeInto(target: Buffer, at: number, wallTimeS: number): number {
    const template = this.template as SummaryTemplate;
    const bytes = template.bytes;
    const headStart = at;
    target[at++] = (EVENT_WALL_TIME << 3) | WireType.Bit64;
    float64[0] = wallTimeS;
    at = writeUint32LE(target, writeUint32LE(target, at, float64Words[LOW_WORD] as number), float64Words[1 - LOW_WORD] as number);
    target[at++] = (EVENT_STEP << 3) | WireType.Varint;
    at = writeVarint(target, at, this.step);
    target[at++] = (EVENT_SUMMARY << 3) | WireType.LengthDelimited;
    at = writeVarint(target, at, bytes.length);
    const headLength = at - headStart;
    const eventLength = headLength + bytes.length;
    // The CRC's change is known when this event lays out as the last one did: same template (filled), same head length.
    const tracked = template === this.lastTemplate && template.filled && headLength === this.lastHeadLength && CRC32C_CHANGES.cover(eventLength);
    let change = 0;
    const lastHead = this.lastHead;
    for (let i = 0; i < headLength; i++) {
      const byte = target[headStart + i] as number;
      const x = byte ^ (lastHead[i] as number);
      if (x !== 0) {
        if (tracked) change ^= CRC32C_CHANGES.at(eventLength - 1 - i, x);
        lastHead[i] = byte;
      }
    }
    this.lastHeadLength = headLength;
    this.lastTemplate = template;
    const { tags, columns, floatOffsets, floatBits, floatDistances } = template;
    const values = this.columns.values;
    const limit = this.watchAbove;
    this.tagAboveWatch = undefined;
    for (let i = 0; i < columns.length; i++) {
      const value = values[columns[i] as number] as number;
      float32[0] = value;
      const bits = float32Bits[0] as number;
      const x = bits ^ (floatBits[i] as number);
      if (x !== 0 || !template.filled) {
        floatBits[i] = bits;
        writeUint32LE(bytes, floatOffsets[i] as number, bits);
        if (tracked) {
          // Little-endian: the slot's byte k holds bits 8k..8k+7, k bytes past its first.
          const distance = floatDistances[i] as number;
          for (let k = 0; k < 4; k++) {
            const byteX = (x >>> (8 * k)) & 0xff;
            if (byteX !== 0) change ^= CRC32C_CHANGES.at(distance - k, byteX);
          }
        }
      }
      if ((value > limit || value < -limit) && this.tagAboveWatch === undefined && Number.isInteger(value)) {
        this.tagAboveWatch = tags[i];
        this.valueAboveWatch = value;
      }
    }
    template.filled = true;
    this.changeCrc = tracked ? change >>> 0 : undefined;
    target.set(bytes, at);
    return at + bytes.length;
  }
}

/** Writes a 32-bit word's four bytes, low byte first, at `at`; returns the offset after them. */
function writeUint32LE(target: Buffer, at: number, word: number): number {
  target[at] = word & 0xff;
  target[at + 1] = (word >>> 8) & 0xff;
  target[at + 2] = (word >>> 16) & 0xff;
  target[at + 3] = word >>> 24;
  return at + 4;
}

/** Encodes the summary of a list of row keys, by the protobuf library, with its floats left as holes. */
function layOut(keys: readonly string[], omit: readonly string[]): SummaryTemplate {
  const { keys: tags, columns } = keptColumns(keys, omit);
  const writer = new BinaryWriter();
  const floatOffsets: number[] = [];
  let length = 0;
  for (const tag of tags) {
    const fields = new BinaryWriter().tag(VALUE_TAG, WireType.LengthDelimited).string(tag).tag(VALUE_SIMPLE_VALUE, WireType.Bit32).finish();
    const value = new BinaryWriter()
      .tag(SUMMARY_VALUE, WireType.LengthDelimited)
      .uint32(fields.length + FLOAT_BYTES)
      .raw(fields)
      .fixed32(0)
      .finish();
    writer.raw(value);
    length += value.length;
    floatOffsets.push(length - FLOAT_BYTES);
  }
  const bytes = Buffer.from(writer.finish());
  return {
    tags,
    columns,
    bytes,
    floatOffsets,
    floatBits: new Uint32Array(tags.length),
    floatDistances: Int32Array.from(floatOffsets, (offset) => bytes.length - 1 - offset),
    filled: false,
    stepColumn: keys.indexOf("step"),
  };
}
