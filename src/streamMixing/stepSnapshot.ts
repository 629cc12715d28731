import { type Reader, stepsSincePick } from "./reader.ts";
import {
  EXHAUST_EVENTS_KEY,
  REMAINING_FRACTION_MAX_KEY,
  REMAINING_FRACTION_MIN_KEY,
  REMAINING_MAX_KEY,
  REMAINING_MIN_KEY,
  STEPS_SINCE_PICK_MAX_KEY,
  modalityKey,
} from "./stepMetricKeys.ts";

/**
 * The rank-local per-step metrics over the active set (FR1), kept as numbers in a
 * reused struct so that populating them at the pick site costs no allocation. It
 * becomes the dict of `drainStepMetrics()` only when drained.
 */
export class StepSnapshot {
  activeCount = 0;
  remainingMin = 0;
  remainingMax = 0;
  remainingFractionMin = 0;
  remainingFractionMax = 0;
  stepsSincePickMax = 0;
  readonly modalityCounts: Int32Array;
  private readonly modalityKeys: readonly string[];

  constructor(modalities: readonly string[]) {
    this.modalityCounts = new Int32Array(modalities.length);
    this.modalityKeys = modalities.map(modalityKey);
  }

  /** Recomputes the snapshot over `active` at `step`. */
  populate(active: readonly Reader[], step: number): void {
    const counts = this.modalityCounts;
    // A plain loop: a builtin fill() call costs more than it saves on a handful of slots.
    for (let m = 0; m < counts.length; m++) counts[m] = 0;
    this.activeCount = active.length;
    let remMin = Infinity;
    let remMax = -Infinity;
    let fracMin = Infinity;
    let fracMax = -Infinity;
    let sinceMax = -Infinity;
    for (let i = 0; i < active.length; i++) {
      const reader = active[i] as Reader;
      const remaining = reader.remainingPicks;
      const fraction = reader.remainingFraction;
      if (remaining < remMin) remMin = remaining;
      if (remaining > remMax) remMax = remaining;
      if (fraction < fracMin) fracMin = fraction;
      if (fraction > fracMax) fracMax = fraction;
      const since = stepsSincePick(step, reader.lastPickedStep, reader.joinedStep);
      if (since > sinceMax) sinceMax = since;
      counts[reader.stream.modalityIndex]! += 1;
    }
    this.remainingMin = remMin;
    this.remainingMax = remMax;
    this.remainingFractionMin = fracMin;
    this.remainingFractionMax = fracMax;
    this.stepsSincePickMax = sinceMax;
  }

  /** The drained dict: the active-set keys only when the set is non-empty; the fan-out sparse. */
  toMetrics(exhaustEvents: number): Record<string, number> {
    if (this.activeCount === 0) return { [EXHAUST_EVENTS_KEY]: exhaustEvents };
    const out: Record<string, number> = {
      [REMAINING_MIN_KEY]: this.remainingMin,
      [REMAINING_MAX_KEY]: this.remainingMax,
      [REMAINING_FRACTION_MIN_KEY]: this.remainingFractionMin,
      [REMAINING_FRACTION_MAX_KEY]: this.remainingFractionMax,
      [STEPS_SINCE_PICK_MAX_KEY]: this.stepsSincePickMax,
    };
    for (let m = 0; m < this.modalityCounts.length; m++) {
      const count = this.modalityCounts[m] as number;
      if (count > 0) out[this.modalityKeys[m] as string] = count;
    }
    out[EXHAUST_EVENTS_KEY] = exhaustEvents;
    return out;
  }
}
