import { assert } from "../../src/errors.ts";

/** One emitted row: the step (counted from 1) and every metric key of that step. */
export type MetricsRow = { readonly step: number } & Readonly<Record<string, number>>;

/**
 * The one path every metric takes into a row. A key emitted twice in a step is a bug
 * (two logging paths fighting over one chart, the lesson of seed 000), never a silent
 * overwrite; so is a value that is not a finite number.
 */
export class MetricsRowBuilder {
  private readonly values: Record<string, number> = {};
  private readonly emitters = new Map<string, string>();

  constructor(readonly step: number) {}

  emit(emitter: string, metrics: Readonly<Record<string, number>>): void {
    for (const key of Object.keys(metrics)) {
      const value = metrics[key] as number;
      const earlier = this.emitters.get(key);
      assert(earlier === undefined, () => `metric "${key}" emitted twice at step ${this.step}: by ${earlier} and by ${emitter}`);
      assert(key !== "step", () => `${emitter} emitted the reserved key "step"`);
      assert(Number.isFinite(value), () => `${emitter} emitted ${key} = ${value} at step ${this.step}; rows hold finite numbers only`);
      this.emitters.set(key, emitter);
      this.values[key] = value;
    }
  }

  /** The row with its keys sorted, `step` first. */
  finish(): MetricsRow {
    const row: Record<string, number> = { step: this.step };
    for (const key of Object.keys(this.values).sort()) row[key] = this.values[key] as number;
    return row as MetricsRow;
  }
}
