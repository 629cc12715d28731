import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { assert } from "../../src/errors.ts";
import { wallTimeOfStepS } from "./eventWallTime.ts";
import { encodeFileVersionEvent, encodeScalarsEvent } from "./tfEvent.ts";
import { frameRecord } from "./tfRecord.ts";

/**
 * One TensorBoard event file, written record by record and never rewritten: the
 * file_version event when it is opened, then one scalars event per step, each handed to
 * the OS before the call returns (so an interrupted run keeps every step written, and
 * memory stays flat however long the run).
 */
export class TfEventFile {
  private fd: number | undefined;
  private lastStep: number;

  constructor(
    readonly path: string,
    firstStep: number,
  ) {
    this.fd = openSync(path, "w");
    this.lastStep = firstStep - 1;
    this.append(encodeFileVersionEvent(wallTimeOfStepS(firstStep - 1)));
  }

  /** Appends step `step`'s event; steps must strictly increase (TensorBoard treats a step going back as a restart). */
  writeStep(step: number, scalars: readonly (readonly [string, number])[]): void {
    assert(step > this.lastStep, () => `event file ${this.path}: step ${step} after step ${this.lastStep}; steps must strictly increase`);
    this.lastStep = step;
    this.append(encodeScalarsEvent(wallTimeOfStepS(step), step, scalars));
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private append(event: Uint8Array): void {
    assert(this.fd !== undefined, `append to closed event file ${this.path}`);
    writeSync(this.fd, frameRecord(event));
  }
}
