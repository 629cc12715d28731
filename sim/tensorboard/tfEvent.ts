import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

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

/** The version string TensorBoard expects in an event file's first event. */
export const EVENT_FILE_VERSION_STRING = "brain.Event:2";

/** The first event of every event file: its wall time and the format version (step 0, left out as proto3 does). */
export function encodeFileVersionEvent(wallTimeS: number): Uint8Array {
  return new BinaryWriter().tag(EVENT_WALL_TIME, WireType.Bit64).double(wallTimeS).tag(EVENT_FILE_VERSION, WireType.LengthDelimited).string(EVENT_FILE_VERSION_STRING).finish();
}

/**
 * One step's event: a summary holding one `simple_value` per metric, in the order given.
 * The values are stored as 32-bit floats: that is the field's type in summary.proto.
 */
export function encodeScalarsEvent(wallTimeS: number, step: number, scalars: readonly (readonly [tag: string, value: number])[]): Uint8Array {
  const writer = new BinaryWriter().tag(EVENT_WALL_TIME, WireType.Bit64).double(wallTimeS).tag(EVENT_STEP, WireType.Varint).int64(step);
  writer.tag(EVENT_SUMMARY, WireType.LengthDelimited).fork();
  for (const [tag, value] of scalars) {
    writer.tag(SUMMARY_VALUE, WireType.LengthDelimited).fork();
    writer.tag(VALUE_TAG, WireType.LengthDelimited).string(tag).tag(VALUE_SIMPLE_VALUE, WireType.Bit32).float(value);
    writer.join();
  }
  return writer.join().finish();
}
