import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/**
 * The few messages of wandb's `wandb_internal.proto` a run's `.wandb` file needs, by
 * field number (our own definitions of the subset, checked against the SDK's generated
 * descriptors and against files the SDK wrote; see docs/tensorboard-and-wandb.md):
 *   Record { int64 num = 1; HistoryRecord history = 2; SummaryRecord summary = 3;
 *            ConfigRecord config = 5; FilesRecord files = 6; RunRecord run = 17;
 *            RunExitRecord exit = 18; HeaderRecord header = 21; _RecordInfo _info = 200; }
 *   _RecordInfo { string stream_id = 1; }
 *   HeaderRecord { VersionInfo version_info = 1; }  VersionInfo { string producer = 1; string min_consumer = 2; }
 *   RunRecord { string run_id = 1; string project = 3; ConfigRecord config = 4; string run_group = 6;
 *               string job_type = 7; string display_name = 8; repeated string tags = 10;
 *               string host = 13; google.protobuf.Timestamp start_time = 17; }
 *   ConfigRecord, SummaryRecord { repeated Item update = 1; }   HistoryRecord { repeated Item item = 1; HistoryStep step = 2; }
 *   Item (ConfigItem, SummaryItem, HistoryItem) { string key = 1; repeated string nested_key = 2; string value_json = 16; }
 *   HistoryStep { int64 num = 1; }   FilesRecord { repeated FilesItem files = 1; }  FilesItem { string path = 1; }
 *   RunExitRecord { int32 exit_code = 1; int32 runtime = 2; }   Timestamp { int64 seconds = 1; int32 nanos = 2; }
 */
export const RECORD_FIELD = { num: 1, history: 2, summary: 3, config: 5, files: 6, run: 17, exit: 18, header: 21, info: 200 } as const;
const INFO_STREAM_ID = 1;
const ITEM_KEY = 1;
const ITEM_NESTED_KEY = 2;
const ITEM_VALUE_JSON = 16;
export const HISTORY_ITEM = 1;
export const HISTORY_STEP = 2;
const STEP_NUM = 1;

/** One config, summary or history entry: its key path (one element for a plain key) and its value as JSON text. */
export interface RecordItem {
  readonly path: readonly string[];
  readonly valueJson: string;
}

export interface RunRecordFields {
  readonly runId: string;
  readonly project: string;
  readonly displayName: string;
  readonly group?: string;
  readonly jobType?: string;
  readonly tags: readonly string[];
  readonly host: string;
  /** Config entries (top-level keys) as JSON text. */
  readonly config: readonly RecordItem[];
  readonly startTimeS: number;
}

type Build = (writer: BinaryWriter) => void;

function record(num: number, field: number, streamId: string | undefined, body: Build): Uint8Array {
  const writer = new BinaryWriter().tag(RECORD_FIELD.num, WireType.Varint).int64(num);
  writer.tag(field, WireType.LengthDelimited).fork();
  body(writer);
  writer.join();
  if (streamId !== undefined) writer.tag(RECORD_FIELD.info, WireType.LengthDelimited).fork().tag(INFO_STREAM_ID, WireType.LengthDelimited).string(streamId).join();
  return writer.finish();
}

function items(writer: BinaryWriter, field: number, entries: readonly RecordItem[]): void {
  for (const entry of entries) {
    writer.tag(field, WireType.LengthDelimited).fork();
    if (entry.path.length === 1) writer.tag(ITEM_KEY, WireType.LengthDelimited).string(entry.path[0] as string);
    else for (const part of entry.path) writer.tag(ITEM_NESTED_KEY, WireType.LengthDelimited).string(part);
    writer.tag(ITEM_VALUE_JSON, WireType.LengthDelimited).string(entry.valueJson).join();
  }
}

/** The first record of every `.wandb` file: who wrote it and the oldest reader it needs. */
export function encodeHeaderRecord(num: number, producer: string, minConsumer: string, streamId: string): Uint8Array {
  return record(num, RECORD_FIELD.header, streamId, (w) =>
    w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(producer).tag(2, WireType.LengthDelimited).string(minConsumer).join(),
  );
}

export function encodeRunRecord(num: number, run: RunRecordFields): Uint8Array {
  const seconds = Math.floor(run.startTimeS);
  const nanos = Math.round((run.startTimeS - seconds) * 1e9);
  return record(num, RECORD_FIELD.run, run.runId, (w) => {
    w.tag(1, WireType.LengthDelimited).string(run.runId);
    w.tag(3, WireType.LengthDelimited).string(run.project);
    w.tag(4, WireType.LengthDelimited).fork();
    items(w, 1, run.config);
    w.join();
    if (run.group !== undefined) w.tag(6, WireType.LengthDelimited).string(run.group);
    if (run.jobType !== undefined) w.tag(7, WireType.LengthDelimited).string(run.jobType);
    w.tag(8, WireType.LengthDelimited).string(run.displayName);
    for (const tag of run.tags) w.tag(10, WireType.LengthDelimited).string(tag);
    w.tag(13, WireType.LengthDelimited).string(run.host);
    w.tag(17, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(seconds);
    if (nanos > 0) w.tag(2, WireType.Varint).int32(nanos);
    w.join();
  });
}

export function encodeConfigRecord(num: number, updates: readonly RecordItem[], streamId: string): Uint8Array {
  return record(num, RECORD_FIELD.config, streamId, (w) => items(w, 1, updates));
}

export function encodeSummaryRecord(num: number, updates: readonly RecordItem[]): Uint8Array {
  return record(num, RECORD_FIELD.summary, undefined, (w) => items(w, 1, updates));
}

/** A history record through the library (the run's hot path has its own, HistoryEncoder; tests compare the two). */
export function encodeHistoryRecord(num: number, step: number, entries: readonly RecordItem[]): Uint8Array {
  return record(num, RECORD_FIELD.history, undefined, (w) => {
    items(w, HISTORY_ITEM, entries);
    w.tag(HISTORY_STEP, WireType.LengthDelimited).fork().tag(STEP_NUM, WireType.Varint).int64(step).join();
  });
}

/** Files of the run's `files/` directory for `wandb sync` to upload (paths relative to it). */
export function encodeFilesRecord(num: number, paths: readonly string[], streamId: string): Uint8Array {
  return record(num, RECORD_FIELD.files, streamId, (w) => {
    for (const path of paths) w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(path).join();
  });
}

/** The last record: how the run ended (0 finished, else failed) and its length in whole seconds. */
export function encodeExitRecord(num: number, exitCode: number, runtimeS: number, streamId: string): Uint8Array {
  return record(num, RECORD_FIELD.exit, streamId, (w) => {
    if (exitCode !== 0) w.tag(1, WireType.Varint).int32(exitCode);
    if (runtimeS !== 0) w.tag(2, WireType.Varint).int32(runtimeS);
  });
}
