import { type Reader, remainingFraction, stepsSincePick } from "./reader.ts";
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
 * The largest total picks for which remaining * total, of two readers, is an exact
 * double: floor(sqrt(2^53)), so that every such product is at most 2^53.
 */
export const EXACT_CROSS_TOTAL = 94_906_265;

/** Counts the readers of each modality in `active` into `counts` (one slot per modality index). */
export function countModalities(active: readonly Reader[], counts: Int32Array): void {
  // A plain loop: a builtin fill() call costs more than it saves on a handful of slots.
  for (let m = 0; m < counts.length; m++) counts[m] = 0;
  for (let i = 0; i < active.length; i++) counts[(active[i] as Reader).stream.modalityIndex]! += 1;
}

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
  /** The active readers of each modality: the snapshot's own, or the counts `populateCounted` was given. */
  modalityCounts: Int32Array;
  private readonly ownModalityCounts: Int32Array;
  private readonly modalityKeys: readonly string[];

  constructor(modalities: readonly string[]) {
    this.ownModalityCounts = new Int32Array(modalities.length);
    this.modalityCounts = this.ownModalityCounts;
    this.modalityKeys = modalities.map(modalityKey);
  }

  /** Recomputes the snapshot over `active` at `step`. */
  populate(active: readonly Reader[], step: number): void {
    countModalities(active, this.ownModalityCounts);
    this.populateCounted(active, step, this.ownModalityCounts);
  }

  /**
   * Recomputes the snapshot over `active` at `step`, whose readers of each modality are
   * already counted in `modalityCounts` (countModalities): a dataset counts them again
   * only when its active set changes, which is rarer than a step, where counting them
   * here was about a third of the snapshot's cost (a reader's stream read per reader).
   */
  populateCounted(active: readonly Reader[], step: number, modalityCounts: Int32Array): void {
    this.modalityCounts = modalityCounts;
    this.activeCount = active.length;
    let remMin = Infinity;
    let remMax = -Infinity;
    let sinceMax = -Infinity;
    // The readers with the smallest and the largest remaining fraction, found by
    // comparing remaining * total crosswise (exact while every total is at most
    // EXACT_CROSS_TOTAL), so that a snapshot divides twice rather than once per reader:
    // the divisions were the largest cost of a rank's drain. The fraction is monotone in
    // the exact ratio, so the quotient of the extreme reader is the extreme quotient, the
    // same to the bit; a later reader of an equal ratio has an equal quotient.
    let minPicks = 0;
    let minTotal = 0;
    let maxPicks = 0;
    let maxTotal = 0;
    let exact = true;
    for (let i = 0; i < active.length; i++) {
      const reader = active[i] as Reader;
      const remaining = reader.remainingPicks;
      if (remaining < remMin) remMin = remaining;
      if (remaining > remMax) remMax = remaining;
      // The fraction's terms, as Reader.remainingFraction has them.
      const fractionPicks = remaining;
      const fractionTotal = reader.totalPicks;
      if (fractionTotal > EXACT_CROSS_TOTAL) exact = false;
      if (i === 0 || fractionPicks * minTotal < minPicks * fractionTotal) {
        minPicks = fractionPicks;
        minTotal = fractionTotal;
      }
      if (i === 0 || fractionPicks * maxTotal > maxPicks * fractionTotal) {
        maxPicks = fractionPicks;
        maxTotal = fractionTotal;
      }
      const since = stepsSincePick(step, reader.lastPickedStep, reader.joinedStep);
      if (since > sinceMax) sinceMax = since;
    }
    this.remainingMin = remMin;
    this.remainingMax = remMax;
    if (active.length === 0) {
      this.remainingFractionMin = Infinity;
      this.remainingFractionMax = -Infinity;
    } else if (exact) {
      this.remainingFractionMin = remainingFraction(minPicks, minTotal);
      this.remainingFractionMax = remainingFraction(maxPicks, maxTotal);
    } else {
      this.populateFractionsByDivision(active);
    }
    this.stepsSincePickMax = sinceMax;
  }

  /** The fractions' extremes reader by reader, for totals too large to compare crosswise exactly. */
  private populateFractionsByDivision(active: readonly Reader[]): void {
    let fracMin = Infinity;
    let fracMax = -Infinity;
    for (let i = 0; i < active.length; i++) {
      const fraction = (active[i] as Reader).remainingFraction;
      if (fraction < fracMin) fracMin = fraction;
      if (fraction > fracMax) fracMax = fraction;
    }
    this.remainingFractionMin = fracMin;
    this.remainingFractionMax = fracMax;
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
