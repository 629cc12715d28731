import { assert } from "../errors.ts";

/** One emitted row: the step (counted from 1) and every metric key of that step. */
export type MetricsRow = { readonly step: number } & Readonly<Record<string, number>>;

/**
 * The one path every metric takes into a row. A key emitted twice in a step is a bug
 * (two logging paths fighting over one chart, the lesson of seed 000), never a silent
 * overwrite; so is a value that is not a finite number.
 *
 * Most steps emit the same keys in the same order as the step before, which the key
 * order (RowKeyOrder) remembers already checked and sorted: while a step's keys follow
 * that sequence, they are known distinct without a lookup, and the row is written in
 * the remembered sorted order. A key off the sequence switches the builder to checking
 * every key against a map of the keys emitted so far, as it did for every key before.
 */
export class MetricsRowBuilder {
  // The row's keys and values so far are the first `count` of these lists, and the
  // emitters' names and ends the first `emitterCount`: an engine restarts one builder
  // every step, and lists it truncated would give back their storage and grow again.
  private readonly keys: string[] = [];
  private readonly values: number[] = [];
  private count = 0;
  /** The emitter of each key, once the keys left the remembered sequence (undefined while they follow it). */
  private emitters: Map<string, string> | undefined;
  /** The emitters so far and the key count at the end of each, to name the first emitter of a key. */
  private readonly emitterNames: string[] = [];
  private readonly emitterEnds: number[] = [];
  private emitterCount = 0;
  private currentStep: number;

  constructor(
    step: number,
    /** Where the sorted key order of earlier rows is kept; an engine passes one it reuses every step. */
    private readonly keyOrder: RowKeyOrder = new RowKeyOrder(),
  ) {
    this.currentStep = step;
  }

  get step(): number {
    return this.currentStep;
  }

  /** Starts the row of `step` afresh, as a new builder on the same key order would (the engine reuses one). */
  restart(step: number): void {
    this.currentStep = step;
    this.count = 0;
    this.emitterCount = 0;
    this.emitters = undefined;
  }

  emit(emitter: string, metrics: Readonly<Record<string, number>>): void {
    for (const key of Object.keys(metrics)) this.add(emitter, key, metrics[key] as number);
    this.endEmitter(emitter);
  }

  /**
   * What `emit` does with a dict of the first `count` of `keys` and `values`, in that
   * order: the engine's reductions write their keys and values into lists it reuses,
   * where a dict per reduction per step was most of a step's fixed cost.
   */
  emitValues(emitter: string, keys: readonly string[], values: ArrayLike<number>, count: number): void {
    for (let i = 0; i < count; i++) this.add(emitter, keys[i] as string, values[i] as number);
    this.endEmitter(emitter);
  }

  private add(emitter: string, key: string, value: number): void {
    const at = this.count;
    // The checks run before building any message: this is on every step's path, and a
    // message closure per key was a measurable share of the engine's time.
    if (this.emitters === undefined && this.keyOrder.lastKeys[at] !== key) this.emitters = this.emittersSoFar(emitter);
    if (this.emitters !== undefined) {
      const earlier = this.emitters.get(key);
      if (earlier !== undefined) assert(false, `metric "${key}" emitted twice at step ${this.currentStep}: by ${earlier} and by ${emitter}`);
      if (key === "step") assert(false, `${emitter} emitted the reserved key "step"`);
      this.emitters.set(key, emitter);
    }
    if (!Number.isFinite(value)) assert(false, `${emitter} emitted ${key} = ${value} at step ${this.currentStep}; rows hold finite numbers only`);
    this.keys[at] = key;
    this.values[at] = value;
    this.count = at + 1;
  }

  private endEmitter(emitter: string): void {
    this.emitterNames[this.emitterCount] = emitter;
    this.emitterEnds[this.emitterCount++] = this.count;
  }

  /** The row with its keys sorted, `step` first. */
  finish(): MetricsRow {
    const { keys, values, count } = this;
    const known = this.emitters === undefined && count === this.keyOrder.lastKeys.length;
    // A copy of the remembered row's shape, filled in: a row built key by key has too
    // many keys for V8's fast objects, and writing one took several times as long.
    const row: Record<string, number> = { ...(known ? this.keyOrder.lastTemplate : this.keyOrder.remember(keys.slice(0, count))) };
    row.step = this.currentStep;
    for (let i = 0; i < count; i++) row[keys[i] as string] = values[i] as number;
    return row as MetricsRow;
  }

  /**
   * Each key emitted so far with its emitter (`current` for the keys `current` has
   * emitted so far): the map the checks go on with off the remembered sequence.
   */
  private emittersSoFar(current: string): Map<string, string> {
    const emitters = new Map<string, string>();
    let i = 0;
    for (let e = 0; e < this.emitterCount; e++) {
      for (; i < (this.emitterEnds[e] as number); i++) emitters.set(this.keys[i] as string, this.emitterNames[e] as string);
    }
    for (; i < this.count; i++) emitters.set(this.keys[i] as string, current);
    return emitters;
  }
}

/**
 * The last row's keys, in emission order, and the row they make: `step`, then the keys
 * sorted, as a template whose copy the next row with these keys fills in. Most steps
 * emit the same keys as the step before, and sorting ~20 long keys with a shared prefix
 * was a visible share of a step. It remembers only key sequences that passed the
 * builder's checks (distinct, no `step`), which is what lets a builder skip them for a
 * step that follows it. It belongs to whoever builds the rows (the engine keeps one for
 * its rows and one for its per-rank rows), not to the module, so that two engines, or
 * two threads' engines, share no mutable state.
 */
export class RowKeyOrder {
  private keys: readonly string[] = [];
  private template: Readonly<Record<string, number>> = { step: 0 };

  get lastKeys(): readonly string[] {
    return this.keys;
  }

  /** `step` and the last keys, sorted as `sort()` sorts them, each 0. */
  get lastTemplate(): Readonly<Record<string, number>> {
    return this.template;
  }

  /** The template of a row of `keys` (distinct, no `step`), remembered for the next row. */
  remember(keys: readonly string[]): Readonly<Record<string, number>> {
    this.keys = [...keys];
    const shape: Record<string, number> = { step: 0 };
    for (const key of [...keys].sort()) shape[key] = 0;
    // Parsed rather than built key by key: JSON.parse makes an object V8 keeps fast
    // (its keys in its shape, not in a dictionary), and copies of it stay fast.
    this.template = JSON.parse(JSON.stringify(shape)) as Record<string, number>;
    return this.template;
  }
}
