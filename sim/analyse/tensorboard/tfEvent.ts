import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { varintLength, writeVarint } from "../../format/protobufVarint.ts";

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

/** A Summary's bytes for one sequence of tags, with a 4-byte hole for each value. */
interface SummaryTemplate {
  readonly tags: readonly string[];
  readonly bytes: Buffer;
  readonly floatOffsets: readonly number[];
}

type Row = Readonly<Record<string, number>>;

/**
 * Encodes one step's event: a summary holding one `simple_value` per key of the row
 * (in the row's order) but the keys in `omit`. The values are stored as 32-bit floats:
 * that is the field's type in summary.proto.
 *
 * A run writes one event per step with the same ~20 tags every time, and encoding each
 * Value afresh (UTF-8, nested lengths, a buffer per message) cost as much as a step of the
 * engine. So the summary's bytes for a sequence of tags are encoded once, by the protobuf
 * library, with the floats left as holes; a step writes the event's three leading fields
 * (wall_time, step, the summary's key and length) and copies the summary into the
 * caller's buffer, filling the holes.
 */
export class ScalarsEventEncoder {
  private template: SummaryTemplate | undefined;
  /**
   * The last encoded event's first tag whose value is an integer of magnitude above
   * `watchAbove`, if any: the float32 precision watch runs in the loop that writes the
   * floats anyway, as a second pass over every row was a visible share of a run.
   */
  tagAboveWatch: string | undefined;

  constructor(private readonly watchAbove = Infinity) {}

  /** The event's size in bytes; call it before `encodeInto` with the same row. */
  sizeOf(step: number, row: Row, omit: readonly string[]): number {
    const template = this.templateFor(row, omit);
    return 1 + 8 + 1 + varintLength(step) + 1 + varintLength(template.bytes.length) + template.bytes.length;
  }

  /** Writes the event sized by the last `sizeOf` at `target[at]`; returns the offset after it. */
  encodeInto(target: Buffer, at: number, wallTimeS: number, step: number, row: Row): number {
    const template = this.template as SummaryTemplate;
    target[at++] = (EVENT_WALL_TIME << 3) | WireType.Bit64;
    at = target.writeDoubleLE(wallTimeS, at);
    target[at++] = (EVENT_STEP << 3) | WireType.Varint;
    at = writeVarint(target, at, step);
    target[at++] = (EVENT_SUMMARY << 3) | WireType.LengthDelimited;
    at = writeVarint(target, at, template.bytes.length);
    template.bytes.copy(target, at);
    const { tags, floatOffsets } = template;
    const limit = this.watchAbove;
    this.tagAboveWatch = undefined;
    for (let i = 0; i < tags.length; i++) {
      const value = row[tags[i] as string] as number;
      target.writeFloatLE(value, at + (floatOffsets[i] as number));
      if ((value > limit || value < -limit) && this.tagAboveWatch === undefined && Number.isInteger(value)) this.tagAboveWatch = tags[i];
    }
    return at + template.bytes.length;
  }

  private templateFor(row: Row, omit: readonly string[]): SummaryTemplate {
    const cached = this.template;
    if (cached !== undefined && sameTags(row, omit, cached.tags)) return cached;
    const tags = Object.keys(row).filter((key) => !omit.includes(key));
    const writer = new BinaryWriter();
    const floatOffsets: number[] = [];
    let length = 0;
    for (const tag of tags) {
      const fields = new BinaryWriter().tag(VALUE_TAG, WireType.LengthDelimited).string(tag).tag(VALUE_SIMPLE_VALUE, WireType.Bit32).finish();
      const value = new BinaryWriter().tag(SUMMARY_VALUE, WireType.LengthDelimited).uint32(fields.length + FLOAT_BYTES).raw(fields).fixed32(0).finish();
      writer.raw(value);
      length += value.length;
      floatOffsets.push(length - FLOAT_BYTES);
    }
    this.template = { tags, bytes: Buffer.from(writer.finish()), floatOffsets };
    return this.template;
  }
}

function sameTags(row: Row, omit: readonly string[], tags: readonly string[]): boolean {
  let i = 0;
  for (const key in row) {
    if (omit.includes(key)) continue;
    if (key !== tags[i++]) return false;
  }
  return i === tags.length;
}
