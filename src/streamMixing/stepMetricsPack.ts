import { type Collectives, allReduceInto, inProcessCollectives } from "../distributed/collectives.ts";
import { assert } from "../errors.ts";
import { metricsOf } from "../metrics/catalog.ts";
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

/** The active-set keys of each cluster reduction (FR4), in catalog order: the order of its packed vector. */
const ACTIVE_SET_METRICS = metricsOf("aggregate_step_metrics").filter((metric) => metric.reduction !== "sum");
export const MIN_KEYS: readonly string[] = ACTIVE_SET_METRICS.filter((metric) => metric.reduction === "min").map((metric) => metric.key);
export const MAX_KEYS: readonly string[] = ACTIVE_SET_METRICS.filter((metric) => metric.reduction === "max").map((metric) => metric.key);
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
/** The pack's three rank-major buffers (MIN, MAX and SUM vectors). */
export interface StepMetricsPackBuffers {
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
}

export class StepMetricsPack {
  private readonly modalityKeys: readonly string[];
  /** Every rank's vector of each reduction, rank-major in one buffer (rank r at r * width). */
  private readonly minBuffer: Float64Array;
  private readonly maxBuffer: Float64Array;
  private readonly sumBuffer: Float64Array;
  private readonly sumWidth: number;
  /** The engine's reduced vectors, rewritten every step (reduceInto). */
  private readonly minReduced: Float64Array;
  private readonly maxReduced: Float64Array;
  private readonly sumReduced: Float64Array;

  /**
   * `buffers`, when given, are where the vectors live (the engine's threads each build a
   * pack over the same shared buffers and write their own ranks); by default the pack
   * allocates its own.
   */
  constructor(worldSize: number, modalities: readonly string[], buffers?: StepMetricsPackBuffers) {
    assert(worldSize >= 1, "a pack has at least one rank");
    this.modalityKeys = modalities.map(modalityKey);
    this.sumWidth = SUM_FIXED + modalities.length;
    // One buffer per reduction, written through offsets and all-reduced as it is: at
    // thousands of ranks, separate small arrays (or even one view object per rank)
    // scattered over the heap made the packing and the reduction miss the cache on
    // every rank.
    const lengths = StepMetricsPack.bufferLengths(worldSize, modalities.length);
    this.minBuffer = buffers?.min ?? new Float64Array(lengths.min);
    this.maxBuffer = buffers?.max ?? new Float64Array(lengths.max);
    this.sumBuffer = buffers?.sum ?? new Float64Array(lengths.sum);
    this.minReduced = new Float64Array(MIN_KEYS.length);
    this.maxReduced = new Float64Array(MAX_KEYS.length);
    this.sumReduced = new Float64Array(this.sumWidth);
    assert(this.minBuffer.length === lengths.min && this.maxBuffer.length === lengths.max && this.sumBuffer.length === lengths.sum, "a pack's buffers hold every rank's vectors");
  }

  /** How many values each buffer of a pack of `worldSize` ranks and `modalityCount` modalities holds. */
  static bufferLengths(worldSize: number, modalityCount: number): { readonly min: number; readonly max: number; readonly sum: number } {
    return { min: worldSize * MIN_KEYS.length, max: worldSize * MAX_KEYS.length, sum: worldSize * (SUM_FIXED + modalityCount) };
  }

  get buffers(): StepMetricsPackBuffers {
    return { min: this.minBuffer, max: this.maxBuffer, sum: this.sumBuffer };
  }

  /** Packs one rank's drained dict (FR3): its active-set keys, its sparse fan-out and its exhaust events. */
  packDict(rank: number, local: Readonly<Record<string, number>>): void {
    const exhaustEvents = local[EXHAUST_EVENTS_KEY] ?? 0;
    if (local[REMAINING_MIN_KEY] === undefined) {
      this.packInactive(rank, exhaustEvents);
      return;
    }
    const min = rank * MIN_KEYS.length;
    const max = rank * MAX_KEYS.length;
    const sum = rank * this.sumWidth;
    // Unrolled over MIN_KEYS and MAX_KEYS (same order; stepMetricsPack.test.ts holds the
    // unrolled order to the catalog's): constant keys are cheaper loads.
    this.minBuffer[min] = local[REMAINING_MIN_KEY] as number;
    this.minBuffer[min + 1] = local[REMAINING_FRACTION_MIN_KEY] as number;
    this.maxBuffer[max] = local[REMAINING_MAX_KEY] as number;
    this.maxBuffer[max + 1] = local[REMAINING_FRACTION_MAX_KEY] as number;
    this.maxBuffer[max + 2] = local[STEPS_SINCE_PICK_MAX_KEY] as number;
    this.sumBuffer[sum + SUM_EXHAUST] = exhaustEvents;
    this.sumBuffer[sum + SUM_ACTIVE_RANKS] = 1;
    for (let m = 0; m < this.modalityKeys.length; m++) this.sumBuffer[sum + SUM_FIXED + m] = local[this.modalityKeys[m] as string] ?? 0;
  }

  /**
   * Packs one rank straight from its snapshot: the numbers `packDict` would write for
   * `snapshot.toMetrics(exhaustEvents)`, with no dict in between. `countsPacked` says
   * that the rank's fan-out is already in the pack as the snapshot has it (the rank's
   * last pack was of the same counts: its dataset counts them again only when its
   * active set changes), so it is not written again. Returns whether the rank's fan-out
   * is now in the pack (false for a rank with no active reader, whose sentinels are).
   */
  packSnapshot(rank: number, snapshot: StepSnapshot, exhaustEvents: number, countsPacked = false): boolean {
    if (snapshot.activeCount === 0) {
      this.packInactive(rank, exhaustEvents);
      return false;
    }
    const min = rank * MIN_KEYS.length;
    const max = rank * MAX_KEYS.length;
    const sum = rank * this.sumWidth;
    this.minBuffer[min] = snapshot.remainingMin;
    this.minBuffer[min + 1] = snapshot.remainingFractionMin;
    this.maxBuffer[max] = snapshot.remainingMax;
    this.maxBuffer[max + 1] = snapshot.remainingFractionMax;
    this.maxBuffer[max + 2] = snapshot.stepsSincePickMax;
    this.sumBuffer[sum + SUM_EXHAUST] = exhaustEvents;
    this.sumBuffer[sum + SUM_ACTIVE_RANKS] = 1;
    if (!countsPacked) {
      const counts = snapshot.modalityCounts;
      const from = snapshot.modalityOffset;
      for (let m = 0; m < this.modalityKeys.length; m++) this.sumBuffer[sum + SUM_FIXED + m] = counts[from + m] as number;
    }
    return true;
  }

  /** A rank with no active reader contributes sentinels: +inf to MIN, 0 to MAX and SUM. */
  packInactive(rank: number, exhaustEvents: number): void {
    this.minBuffer.fill(Infinity, rank * MIN_KEYS.length, (rank + 1) * MIN_KEYS.length);
    this.maxBuffer.fill(0, rank * MAX_KEYS.length, (rank + 1) * MAX_KEYS.length);
    this.sumBuffer.fill(0, rank * this.sumWidth, (rank + 1) * this.sumWidth);
    this.sumBuffer[rank * this.sumWidth + SUM_EXHAUST] = exhaustEvents;
  }

  /**
   * The cluster dict of the packed ranks: the exhaust events always; the active-set keys
   * and the sparse fan-out only when some rank has an active reader.
   */
  reduce(collectives: Collectives = inProcessCollectives): Record<string, number> {
    const min = collectives.allReduce(this.minBuffer, MIN_KEYS.length, "min");
    const max = collectives.allReduce(this.maxBuffer, MAX_KEYS.length, "max");
    const sum = collectives.allReduce(this.sumBuffer, this.sumWidth, "sum");
    const keys: string[] = [];
    const values = new Float64Array(this.reducedWidth);
    const count = this.writeReduced(min, max, sum, keys, values);
    const out: Record<string, number> = {};
    for (let i = 0; i < count; i++) out[keys[i] as string] = values[i] as number;
    return out;
  }

  /**
   * The keys and values of `reduce()`'s dict, in its order, written into `keys` and
   * `values` from index 0 (the in-process all-reduce into the pack's own vectors);
   * returns how many. The engine's path: no dict and no vector allocated per step.
   */
  reduceInto(keys: string[], values: Float64Array): number {
    const min = allReduceInto(this.minBuffer, MIN_KEYS.length, "min", this.minReduced);
    const max = allReduceInto(this.maxBuffer, MAX_KEYS.length, "max", this.maxReduced);
    const sum = allReduceInto(this.sumBuffer, this.sumWidth, "sum", this.sumReduced);
    return this.writeReduced(min, max, sum, keys, values);
  }

  /** The most keys a reduced dict has: every key of the three vectors but the active-rank count. */
  get reducedWidth(): number {
    return MIN_KEYS.length + MAX_KEYS.length + this.sumWidth - 1;
  }

  private writeReduced(min: Float64Array, max: Float64Array, sum: Float64Array, keys: string[], values: Float64Array): number {
    assert(values.length >= this.reducedWidth, "room for every reduced key");
    let count = 0;
    keys[count] = EXHAUST_EVENTS_KEY;
    values[count++] = sum[SUM_EXHAUST] as number;
    if ((sum[SUM_ACTIVE_RANKS] as number) > 0) {
      for (let i = 0; i < MIN_KEYS.length; i++) {
        keys[count] = MIN_KEYS[i] as string;
        values[count++] = min[i] as number;
      }
      for (let i = 0; i < MAX_KEYS.length; i++) {
        keys[count] = MAX_KEYS[i] as string;
        values[count++] = max[i] as number;
      }
      for (let m = 0; m < this.modalityKeys.length; m++) {
        const value = sum[SUM_FIXED + m] as number;
        if (value > 0) {
          keys[count] = this.modalityKeys[m] as string;
          values[count++] = value;
        }
      }
    }
    return count;
  }
}
