import { deflateRawSync } from "node:zlib";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";

/**
 * Every value of a long run, packed for the report page (docs/report.md, "Long runs"):
 * per key, its values from `firstStep` on, one per step (NaN where a step has none, as
 * the steps between the rows of a run written with metrics_every > 1), in
 * blocks of BLOCK_STEPS steps, each block raw-deflated and base64-encoded. A block whose
 * values are all integers of 32 bits is stored as the differences of consecutive values
 * (Int32, little-endian), else as the values themselves (Float64, little-endian): counters
 * and fractions that change slowly deflate to a few bytes a step, so a million steps of
 * the long smoke run take about 1 MB (the page decodes them with DecompressionStream).
 */
export interface PackedRun {
  readonly firstStep: number;
  /** Steps held, each column's length. */
  readonly count: number;
  readonly columns: Readonly<Record<string, readonly PackedBlock[]>>;
}

export interface PackedBlock {
  readonly encoding: "int32-delta" | "float64";
  /** base64 of the raw-deflated block. */
  readonly data: string;
}

/** Steps per block: a block is encoded as soon as it is full, so packing holds one block per key. */
export const BLOCK_STEPS = 65_536;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Packs a run's rows as they stream past (rows of ascending steps from `firstStep`; a step without a row is NaN throughout). */
export class RunPacker {
  private readonly blocks = new Map<string, PackedBlock[]>();
  private readonly pending = new Map<string, Float64Array>();
  private used = 0;
  private count = 0;

  constructor(private readonly firstStep: number) {}

  add(row: MetricsRow): void {
    // The steps between two rows of a thinned run (metrics_every): no values.
    while (this.firstStep + this.count < row.step) this.addNothing();
    for (const key in row) {
      if (key === "step" || this.pending.has(key)) continue;
      // A key first seen now: NaN for the steps before it.
      this.pending.set(key, new Float64Array(BLOCK_STEPS).fill(NaN));
      const missed = Math.floor(this.count / BLOCK_STEPS);
      this.blocks.set(
        key,
        Array.from({ length: missed }, () => encodeBlock(new Float64Array(BLOCK_STEPS).fill(NaN))),
      );
    }
    for (const [key, values] of this.pending) values[this.used] = row[key] ?? NaN;
    this.used++;
    this.count++;
    if (this.used === BLOCK_STEPS) this.flush();
  }

  private addNothing(): void {
    for (const values of this.pending.values()) values[this.used] = NaN;
    this.used++;
    this.count++;
    if (this.used === BLOCK_STEPS) this.flush();
  }

  finish(): PackedRun {
    this.flush();
    const columns: Record<string, readonly PackedBlock[]> = {};
    for (const key of [...this.blocks.keys()].sort()) columns[key] = this.blocks.get(key) as PackedBlock[];
    return { firstStep: this.firstStep, count: this.count, columns };
  }

  private flush(): void {
    if (this.used === 0) return;
    for (const [key, values] of this.pending) {
      (this.blocks.get(key) as PackedBlock[]).push(encodeBlock(values.subarray(0, this.used)));
      values.fill(NaN);
    }
    this.used = 0;
  }
}

function encodeBlock(values: Float64Array): PackedBlock {
  let integers = true;
  for (const value of values) {
    // A negative zero is an integer to Number.isInteger but has no Int32 form: its block keeps Float64, so the page gets back the value the run wrote.
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX || Object.is(value, -0)) {
      integers = false;
      break;
    }
  }
  if (integers) {
    const deltas = new Int32Array(values.length);
    let previous = 0;
    for (let i = 0; i < values.length; i++) {
      deltas[i] = (values[i] as number) - previous;
      previous = values[i] as number;
    }
    return { encoding: "int32-delta", data: deflateRawSync(Buffer.from(deltas.buffer)).toString("base64") };
  }
  return { encoding: "float64", data: deflateRawSync(Buffer.from(values.buffer, values.byteOffset, values.byteLength)).toString("base64") };
}
