import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { assert } from "../../src/errors.ts";
import { wallTimeOfStepS } from "./eventWallTime.ts";
import { FLOAT32_EXACT_INTEGER_LIMIT, type Float32PrecisionWatch } from "./float32Precision.ts";
import { encodeFileVersionEvent, ScalarsEventEncoder } from "./tfEvent.ts";
import { frameRecord } from "./tfRecord.ts";

/**
 * Records are handed to the OS in chunks of about this size: a write per step cost as
 * much as encoding the event. A run that stops (a signal, an error) closes the file and
 * so writes the rest; only a killed process loses the last chunk, which metrics.jsonl
 * still holds (`sim export tensorboard` rebuilds the file from it).
 */
const FLUSH_BYTES = 64 * 1024;

/**
 * One TensorBoard event file, appended record by record and never rewritten: the
 * file_version event when it is opened, then one scalars event per step. Memory stays
 * flat however long the run: at most one chunk is held.
 */
export class TfEventFile {
  private fd: number | undefined;
  private lastStep: number;
  private readonly encoder = new ScalarsEventEncoder(FLOAT32_EXACT_INTEGER_LIMIT);
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    readonly path: string,
    firstStep: number,
    private readonly precision: Float32PrecisionWatch,
  ) {
    this.fd = openSync(path, "w");
    this.lastStep = firstStep - 1;
    this.append(encodeFileVersionEvent(wallTimeOfStepS(firstStep - 1)));
  }

  /**
   * Appends a row's event at the row's step: every key but those in `omit` as a scalar.
   * Steps must strictly increase (TensorBoard takes a step going back for a restart).
   */
  writeRow(row: Readonly<Record<string, number>>, omit: readonly string[]): void {
    const step = row.step as number;
    assert(step > this.lastStep, () => `event file ${this.path}: step ${step} after step ${this.lastStep}; steps must strictly increase`);
    this.lastStep = step;
    this.append(this.encoder.encode(wallTimeOfStepS(step), step, row, omit));
    const large = this.encoder.tagAboveWatch;
    if (large !== undefined) this.precision.check(large, row[large] as number, step);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private append(event: Uint8Array): void {
    assert(this.fd !== undefined, () => `append to closed event file ${this.path}`);
    const record = frameRecord(event);
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    writeSync(this.fd as number, Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
