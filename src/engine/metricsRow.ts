import { assert } from "../errors.ts";

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

  constructor(
    readonly step: number,
    /** Where the sorted key order of earlier rows is kept; an engine passes one it reuses every step. */
    private readonly keyOrder: RowKeyOrder = new RowKeyOrder(),
  ) {}

  emit(emitter: string, metrics: Readonly<Record<string, number>>): void {
    for (const key of Object.keys(metrics)) {
      const value = metrics[key] as number;
      const earlier = this.emitters.get(key);
      // The checks run before building any message: this is on every step's path, and a
      // message closure per key was a measurable share of the engine's time.
      if (earlier !== undefined) assert(false, `metric "${key}" emitted twice at step ${this.step}: by ${earlier} and by ${emitter}`);
      if (key === "step") assert(false, `${emitter} emitted the reserved key "step"`);
      if (!Number.isFinite(value)) assert(false, `${emitter} emitted ${key} = ${value} at step ${this.step}; rows hold finite numbers only`);
      this.emitters.set(key, emitter);
      this.values[key] = value;
    }
  }

  /** The row with its keys sorted, `step` first. */
  finish(): MetricsRow {
    const row: Record<string, number> = { step: this.step };
    for (const key of this.keyOrder.sorted(Object.keys(this.values))) row[key] = this.values[key] as number;
    return row as MetricsRow;
  }
}

/**
 * The keys of a row sorted, reusing the last answer when the keys (in emission order)
 * are the same as last time, which is most steps: sorting ~20 long keys with a shared
 * prefix was a visible share of a step. The result is the same array `sort()` would
 * give. It belongs to whoever builds the rows (the engine keeps one for its rows and
 * one for its per-rank rows), not to the module, so that two engines, or two threads'
 * engines, share no mutable state.
 */
export class RowKeyOrder {
  private lastKeys: readonly string[] = [];
  private lastSorted: readonly string[] = [];

  sorted(keys: string[]): readonly string[] {
    const lastKeys = this.lastKeys;
    if (keys.length === lastKeys.length) {
      let same = true;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== lastKeys[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastSorted;
    }
    this.lastKeys = keys;
    this.lastSorted = [...keys].sort();
    return this.lastSorted;
  }
}
