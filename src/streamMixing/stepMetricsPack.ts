import { type Collectives, inProcessCollectives } from "../distributed/collectives.ts";
import { assert } from "../errors.ts";
import type { StepSnapshot } from "./stepSnapshot.ts";
import {
  EXHAUST_EVENTS_KEY,
  REMAINING_FRACTION_MAX_KEY,
  REMAINING_FRACTION_MIN_KEY,
  REMAINING_MAX_KEY,
  REMAINING_MIN_KEY,
  STEPS_SINCE_PICK_MAX_KEY,
  modalityKey,
} from "./stepMetricKeys.ts";

/** Each key's cluster reduction (FR4), in the order of its packed vector. */
const MIN_KEYS: readonly string[] = [REMAINING_MIN_KEY, REMAINING_FRACTION_MIN_KEY];
const MAX_KEYS: readonly string[] = [REMAINING_MAX_KEY, REMAINING_FRACTION_MAX_KEY, STEPS_SINCE_PICK_MAX_KEY];
/** SUM vector: exhaust events, the number of ranks with an active reader, then the fan-out. */
const SUM_EXHAUST = 0;
const SUM_ACTIVE_RANKS = 1;
const SUM_FIXED = 2;

/**
 * The three vectors per rank that DataStatsCollector all-reduces (MIN, MAX and SUM), and
 * the cluster dict they reduce to. A rank is packed either from its drained dict
 * (`aggregateStepMetrics`, the plan's path) or straight from its step snapshot (the
 * engine's fused drain, which skips building and reading back a dict per rank per step).
 * Both write the same numbers; the engine's tests hold the two paths to identical rows.
 *
 * The vectors are allocated once and rewritten every step. Collectives must not keep
 * them after `allReduce` returns (a real all-reduce works on its buffers in place, so
 * neither does it).
 */
export class StepMetricsPack {
  private readonly modalityKeys: readonly string[];
  private readonly mins: Float64Array[];
  private readonly maxs: Float64Array[];
  private readonly sums: Float64Array[];

  constructor(worldSize: number, modalities: readonly string[]) {
    assert(worldSize >= 1, "a pack has at least one rank");
    this.modalityKeys = modalities.map(modalityKey);
    this.mins = rowsOf(worldSize, MIN_KEYS.length);
    this.maxs = rowsOf(worldSize, MAX_KEYS.length);
    this.sums = rowsOf(worldSize, SUM_FIXED + modalities.length);
  }

  /** Packs one rank's drained dict (FR3): its active-set keys, its sparse fan-out and its exhaust events. */
  packDict(rank: number, local: Readonly<Record<string, number>>): void {
    const exhaustEvents = local[EXHAUST_EVENTS_KEY] ?? 0;
    if (local[REMAINING_MIN_KEY] === undefined) {
      this.packInactive(rank, exhaustEvents);
      return;
    }
    const min = this.mins[rank] as Float64Array;
    const max = this.maxs[rank] as Float64Array;
    const sum = this.sums[rank] as Float64Array;
    // Unrolled over MIN_KEYS and MAX_KEYS (same order): constant keys are cheaper loads.
    min[0] = local[REMAINING_MIN_KEY] as number;
    min[1] = local[REMAINING_FRACTION_MIN_KEY] as number;
    max[0] = local[REMAINING_MAX_KEY] as number;
    max[1] = local[REMAINING_FRACTION_MAX_KEY] as number;
    max[2] = local[STEPS_SINCE_PICK_MAX_KEY] as number;
    sum[SUM_EXHAUST] = exhaustEvents;
    sum[SUM_ACTIVE_RANKS] = 1;
    for (let m = 0; m < this.modalityKeys.length; m++) sum[SUM_FIXED + m] = local[this.modalityKeys[m] as string] ?? 0;
  }

  /**
   * Packs one rank straight from its snapshot: the numbers `packDict` would write for
   * `snapshot.toMetrics(exhaustEvents)`, with no dict in between.
   */
  packSnapshot(rank: number, snapshot: StepSnapshot, exhaustEvents: number): void {
    if (snapshot.activeCount === 0) {
      this.packInactive(rank, exhaustEvents);
      return;
    }
    const min = this.mins[rank] as Float64Array;
    const max = this.maxs[rank] as Float64Array;
    const sum = this.sums[rank] as Float64Array;
    min[0] = snapshot.remainingMin;
    min[1] = snapshot.remainingFractionMin;
    max[0] = snapshot.remainingMax;
    max[1] = snapshot.remainingFractionMax;
    max[2] = snapshot.stepsSincePickMax;
    sum[SUM_EXHAUST] = exhaustEvents;
    sum[SUM_ACTIVE_RANKS] = 1;
    const counts = snapshot.modalityCounts;
    for (let m = 0; m < counts.length; m++) sum[SUM_FIXED + m] = counts[m] as number;
  }

  /** A rank with no active reader contributes sentinels: +inf to MIN, 0 to MAX and SUM. */
  packInactive(rank: number, exhaustEvents: number): void {
    (this.mins[rank] as Float64Array).fill(Infinity);
    (this.maxs[rank] as Float64Array).fill(0);
    const sum = this.sums[rank] as Float64Array;
    sum.fill(0);
    sum[SUM_EXHAUST] = exhaustEvents;
  }

  /**
   * The cluster dict of the packed ranks: the exhaust events always; the active-set keys
   * and the sparse fan-out only when some rank has an active reader.
   */
  reduce(collectives: Collectives = inProcessCollectives): Record<string, number> {
    const min = collectives.allReduce(this.mins, "min");
    const max = collectives.allReduce(this.maxs, "max");
    const sum = collectives.allReduce(this.sums, "sum");

    const out: Record<string, number> = { [EXHAUST_EVENTS_KEY]: sum[SUM_EXHAUST] as number };
    if ((sum[SUM_ACTIVE_RANKS] as number) > 0) {
      for (let i = 0; i < MIN_KEYS.length; i++) out[MIN_KEYS[i] as string] = min[i] as number;
      for (let i = 0; i < MAX_KEYS.length; i++) out[MAX_KEYS[i] as string] = max[i] as number;
      for (let m = 0; m < this.modalityKeys.length; m++) {
        const count = sum[SUM_FIXED + m] as number;
        if (count > 0) out[this.modalityKeys[m] as string] = count;
      }
    }
    return out;
  }
}

/**
 * One vector per rank, all views of one buffer: at thousands of ranks, separate small
 * arrays scattered over the heap made the packing and the all-reduce miss the cache on
 * every rank.
 */
function rowsOf(worldSize: number, width: number): Float64Array[] {
  const buffer = new Float64Array(worldSize * width);
  return Array.from({ length: worldSize }, (_, rank) => buffer.subarray(rank * width, (rank + 1) * width));
}
