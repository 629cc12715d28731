import { assert } from "../../../src/errors.ts";
import type { WallTime } from "../run/wallTime.ts";
import { ChunkedFile } from "../../io/chunkedFile.ts";
import { FLOAT32_EXACT_INTEGER_LIMIT, type Float32PrecisionWatch } from "./float32Precision.ts";
import { encodeFileVersionEvent, encodeSessionStartEvent, ScalarsEventEncoder } from "./tfEvent.ts";
import { frameRecord, RECORD_FOOTER_BYTES, RECORD_HEADER_BYTES, TfRecordFramer } from "./tfRecord.ts";

/**
 * One TensorBoard event file, appended record by record and never rewritten: the
 * file_version event and a SessionLog START at the first step when it is opened (so that
 * a TensorBoard still holding an earlier run of this directory drops it), then one
 * scalars event per step. Memory stays flat however long the run: one chunk
 * (chunkedFile.ts). A run that stops (a signal, an error) closes the file and so writes
 * the rest; only a killed process loses the last chunk, which metrics.jsonl still holds
 * (`sim export tensorboard` rebuilds the file).
 */
export class TfEventFile {
  private readonly file: ChunkedFile;
  private lastStep: number;
  private readonly encoder: ScalarsEventEncoder;
  private readonly framer = new TfRecordFramer();

  constructor(
    readonly path: string,
    firstStep: number,
    private readonly wallTime: WallTime,
    private readonly precision: Float32PrecisionWatch,
    /** The row keys that are not scalars: `step` (each event's own field) and, in a rank's sub-run, `rank`. */
    omit: readonly string[],
  ) {
    this.encoder = new ScalarsEventEncoder(omit, FLOAT32_EXACT_INTEGER_LIMIT);
    this.file = new ChunkedFile(path, "event file");
    this.lastStep = firstStep - 1;
    this.writeEvent(encodeFileVersionEvent(wallTime.startS));
    this.writeEvent(encodeSessionStartEvent(wallTime.startS, firstStep));
  }

  /** Appends an event already encoded (the custom scalars layout), at the file's current step. */
  writeEvent(event: Uint8Array): void {
    const record = frameRecord(event);
    const file = this.file;
    file.reserve(record.length);
    record.copy(file.chunk, file.used);
    file.used += record.length;
  }

  /**
   * Appends a row's event at the row's step: every key but the file's omitted ones as a
   * scalar. Steps must strictly increase (TensorBoard takes a step going back for a restart).
   */
  writeRow(row: Readonly<Record<string, number>>): void {
    this.writeEncoded(this.encoder.load(row));
  }

  /** As `writeRow`, for a row already read as columns (RowColumns' `keys` and `values`). */
  writeColumns(keys: readonly string[], values: readonly number[]): void {
    this.writeEncoded(this.encoder.loadColumns(keys, values));
  }

  private writeEncoded(eventBytes: number): void {
    const encoder = this.encoder;
    const step = encoder.step;
    if (!(step > this.lastStep)) assert(false, `event file ${this.path}: step ${step} after step ${this.lastStep}; steps must strictly increase`);
    this.lastStep = step;
    const file = this.file;
    file.reserve(RECORD_HEADER_BYTES + eventBytes + RECORD_FOOTER_BYTES);
    encoder.encodeInto(file.chunk, file.used + RECORD_HEADER_BYTES, this.wallTime.stepS(step));
    file.used = this.framer.frameInPlace(file.chunk, file.used, eventBytes, encoder.changeCrc);
    const large = encoder.tagAboveWatch;
    if (large !== undefined) this.precision.check(large, encoder.valueAboveWatch, step);
  }

  close(): void {
    this.file.close();
  }
}
