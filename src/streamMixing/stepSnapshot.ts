import { BlockReaders, SLOT_JOINED, SLOT_LAST_PICKED, SLOT_PICKS, SLOT_TOTAL_PICKS } from "./blockReaders.ts";
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

/** Counts the readers of each modality in `active` into `counts` (one slot per modality index, from `offset`). */
export function countModalities(active: readonly Reader[], counts: Int32Array, offset = 0, modalityCount = counts.length - offset): void {
  // A plain loop: a builtin fill() call costs more than it saves on a handful of slots.
  for (let m = 0; m < modalityCount; m++) counts[offset + m] = 0;
  for (let i = 0; i < active.length; i++) counts[offset + (active[i] as Reader).stream.modalityIndex]! += 1;
}

/** Where field `field` of a rank's slots starts, from the rank's base (BlockReaders' field-major layout, `stride` slots per rank). */
function fieldAt(base: number, field: number, stride: number): number {
  return base + field * stride;
}

/**
 * -1 (all ones) when `condition` holds, else 0, computed without a branch: a comparison's
 * outcome is a bit in a register, and a shift takes it as the integer 0 or 1.
 */
function allOnesIf(condition: boolean): number {
  return ((condition as unknown as number) << 31) >> 31;
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
  /**
   * The active readers of each modality, at `modalityOffset`: the snapshot's own, or the
   * counts `populateSlots` was given.
   */
  modalityCounts: Int32Array;
  modalityOffset = 0;
  private readonly ownModalityCounts: Int32Array;
  private readonly modalityKeys: readonly string[];

  constructor(modalities: readonly string[]) {
    this.ownModalityCounts = new Int32Array(modalities.length);
    this.modalityCounts = this.ownModalityCounts;
    this.modalityKeys = modalities.map(modalityKey);
  }

  /** How many modalities the fan-out has. */
  get modalityCount(): number {
    return this.modalityKeys.length;
  }

  /** Recomputes the snapshot over `active` at `step` (its readers' own state, in slots of their own). */
  populate(active: readonly Reader[], step: number): void {
    const block = BlockReaders.ofActive(active);
    countModalities(active, this.ownModalityCounts);
    this.populateSlots(block.slotValues, 0, block.slotInts, 0, active.length, active.length, step, this.ownModalityCounts, 0);
  }

  /**
   * Recomputes the snapshot at `step` over the first `count` active slots of the rank
   * whose slots are at `valuesBase` in `values` and at `intsBase` in `ints` (`stride`
   * slots per rank, BlockReaders), whose
   * readers of each modality are already counted in `modalityCounts` from `modalityOffset`
   * (countModalities): a dataset counts them again only when its active set changes,
   * which is rarer than a step, where counting them here was about a third of the
   * snapshot's cost.
   */
  populateSlots(
    values: Float64Array,
    valuesBase: number,
    ints: Int32Array,
    intsBase: number,
    stride: number,
    count: number,
    step: number,
    modalityCounts: Int32Array,
    modalityOffset: number,
  ): void {
    this.modalityCounts = modalityCounts;
    this.modalityOffset = modalityOffset;
    this.activeCount = count;
    if (count === 0) {
      this.remainingMin = Infinity;
      this.remainingMax = -Infinity;
      this.remainingFractionMin = Infinity;
      this.remainingFractionMax = -Infinity;
      this.stepsSincePickMax = -Infinity;
      return;
    }
    if (this.populateSmall(values, valuesBase, ints, intsBase, stride, count, step)) return;
    this.populateAny(
      values,
      fieldAt(valuesBase, SLOT_PICKS, stride),
      fieldAt(valuesBase, SLOT_TOTAL_PICKS, stride),
      ints,
      fieldAt(intsBase, SLOT_LAST_PICKED, stride),
      fieldAt(intsBase, SLOT_JOINED, stride),
      count,
      step,
    );
  }

  /**
   * populateAny for a rank whose every remaining and total picks are integers in [0,
   * EXACT_CROSS_TOTAL] (every bench and scenario rank, whose slices are far smaller), without
   * a branch on the readers' values: int32 arithmetic selects the extremes (the
   * difference of two such counts, or of two steps, cannot overflow). Each of the scan's
   * comparisons went either way from rank to rank, so the processor guessed about half
   * of them wrong, and those missed guesses were most of the snapshot's time. The
   * numbers are populateAny's to the bit (a property test holds them so); returns false,
   * having written nothing, for a rank with a count out of that range.
   */
  populateSmall(values: Float64Array, valuesBase: number, ints: Int32Array, intsBase: number, stride: number, count: number, step: number): boolean {
    const picksAt = valuesBase + SLOT_PICKS * stride;
    const totalsAt = valuesBase + SLOT_TOTAL_PICKS * stride;
    const lastPickedAt = intsBase + SLOT_LAST_PICKED * stride;
    const joinedAt = intsBase + SLOT_JOINED * stride;
    let inRange = true;
    let remMin = 0;
    let remMax = 0;
    // The readers of the smallest and the largest remaining fraction, by their terms
    // (remaining * total compared crosswise, exact in this range, as in populateAny).
    let minPicks = 0;
    let minTotal = 1;
    let maxPicks = 0;
    let maxTotal = 1;
    /** The earliest step a reader was last picked at, or joined at when not picked since: steps_since_pick's max is `step` less it. */
    let sinceBase = 0;
    for (let i = 0; i < count; i++) {
      const remainingValue = values[picksAt + i] as number;
      const totalValue = values[totalsAt + i] as number;
      if (!(remainingValue >= 0 && remainingValue <= EXACT_CROSS_TOTAL && totalValue >= 0 && totalValue <= EXACT_CROSS_TOTAL)) inRange = false;
      const remaining = remainingValue | 0;
      const total = totalValue | 0;
      // The fraction's terms, as Reader.remainingFraction has them.
      const fractionPicks = remaining;
      const fractionTotal = total;
      const lastPicked = ints[lastPickedAt + i] as number;
      const joined = ints[joinedAt + i] as number;
      // The plan's missing entry (lastPicked < 0) counts from the join: all ones in `unpicked` then.
      const unpicked = lastPicked >> 31;
      const base = (lastPicked & ~unpicked) | (joined & unpicked);
      if (i === 0) {
        remMin = remaining;
        remMax = remaining;
        minPicks = fractionPicks;
        minTotal = fractionTotal;
        maxPicks = fractionPicks;
        maxTotal = fractionTotal;
        sinceBase = base;
        continue;
      }
      // min and max without a branch: `d >> 31` is all ones exactly when d < 0.
      let d = remaining - remMin;
      remMin += d & (d >> 31);
      d = remMax - remaining;
      remMax -= d & (d >> 31);
      d = base - sinceBase;
      sinceBase += d & (d >> 31);
      // A comparison's outcome as all ones or zero, selecting the reader's terms or keeping the others'.
      const smaller = allOnesIf(fractionPicks * minTotal < minPicks * fractionTotal);
      minPicks ^= (minPicks ^ fractionPicks) & smaller;
      minTotal ^= (minTotal ^ fractionTotal) & smaller;
      const larger = allOnesIf(fractionPicks * maxTotal > maxPicks * fractionTotal);
      maxPicks ^= (maxPicks ^ fractionPicks) & larger;
      maxTotal ^= (maxTotal ^ fractionTotal) & larger;
    }
    if (!inRange) return false;
    this.remainingMin = remMin;
    this.remainingMax = remMax;
    this.remainingFractionMin = remainingFraction(minPicks, minTotal);
    this.remainingFractionMax = remainingFraction(maxPicks, maxTotal);
    this.stepsSincePickMax = step - sinceBase;
    return true;
  }

  /**
   * The snapshot's numbers over any counts, reader by reader with branches (`count` at
   * least 1), from where the rank's remaining and total picks start in `values` and its
   * pick and join steps in `ints`.
   */
  populateAny(values: Float64Array, picksAt: number, totalsAt: number, ints: Int32Array, lastPickedAt: number, joinedAt: number, count: number, step: number): void {
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
    for (let i = 0; i < count; i++) {
      const remaining = values[picksAt + i] as number;
      if (remaining < remMin) remMin = remaining;
      if (remaining > remMax) remMax = remaining;
      // The fraction's terms, as Reader.remainingFraction has them.
      const fractionPicks = remaining;
      const fractionTotal = values[totalsAt + i] as number;
      if (fractionTotal > EXACT_CROSS_TOTAL) exact = false;
      if (i === 0 || fractionPicks * minTotal < minPicks * fractionTotal) {
        minPicks = fractionPicks;
        minTotal = fractionTotal;
      }
      if (i === 0 || fractionPicks * maxTotal > maxPicks * fractionTotal) {
        maxPicks = fractionPicks;
        maxTotal = fractionTotal;
      }
      const since = stepsSincePick(step, ints[lastPickedAt + i] as number, ints[joinedAt + i] as number);
      if (since > sinceMax) sinceMax = since;
    }
    this.remainingMin = remMin;
    this.remainingMax = remMax;
    if (exact) {
      this.remainingFractionMin = remainingFraction(minPicks, minTotal);
      this.remainingFractionMax = remainingFraction(maxPicks, maxTotal);
    } else {
      this.populateFractionsByDivision(values, picksAt, totalsAt, count);
    }
    this.stepsSincePickMax = sinceMax;
  }

  /** The fractions' extremes reader by reader, for totals too large to compare crosswise exactly. */
  private populateFractionsByDivision(values: Float64Array, picksAt: number, totalsAt: number, count: number): void {
    let fracMin = Infinity;
    let fracMax = -Infinity;
    for (let i = 0; i < count; i++) {
      const fraction = remainingFraction(values[picksAt + i] as number, values[totalsAt + i] as number);
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
    for (let m = 0; m < this.modalityKeys.length; m++) {
      const count = this.modalityCounts[this.modalityOffset + m] as number;
      if (count > 0) out[this.modalityKeys[m] as string] = count;
    }
    out[EXHAUST_EVENTS_KEY] = exhaustEvents;
    return out;
  }
}
