import { UserError, assert } from "../errors.ts";
import { distSum } from "./collectives.ts";

export interface ReduceLossMetricsOptions {
  /** Per rank (index = rank): the sample count behind each count-weighted key. */
  readonly auxiliaryCounts?: readonly Readonly<Record<string, number>>[];
  /** Keys reduced in SUM mode (FR13): cluster total plus a `_max` sibling. */
  readonly sumKeys?: Iterable<string>;
  /** The caller's cache of `_max` key names (an engine keeps one for its run). */
  readonly maxKeyNames?: MaxKeyNames;
}

/**
 * The trainer's `reduce_loss_metrics` over W ranks' loss-side metrics (index = rank).
 * Default mode: `key` = mean and `key_max` = max. Count-weighted mode (keys with an
 * auxiliary count): the count-weighted mean, left out when no rank counted anything.
 * SUM mode: `key` = sum and `key_max` = max. One rank: values pass through unchanged,
 * and a `_max` sibling equals its value.
 */
export function reduceLossMetrics(metrics: readonly Readonly<Record<string, number>>[], options: ReduceLossMetricsOptions = {}): Record<string, number> {
  assert(metrics.length > 0, "reduce over at least one rank");
  const sumKeys = new Set(options.sumKeys ?? []);
  const counts = options.auxiliaryCounts;
  const countKeys = new Set(counts === undefined ? [] : Object.keys(counts[0] ?? {}));
  for (const key of sumKeys) {
    if (countKeys.has(key)) throw new UserError(`reduce_loss_metrics: key "${key}" is in both sum_keys and auxiliary_counts; a key has one reduction`);
  }
  const keys = Object.keys(metrics[0] as object);
  for (let rank = 1; rank < metrics.length; rank++) {
    assert(sameKeys(keys, metrics[rank] as Readonly<Record<string, number>>), () => `rank ${rank} reduces the same keys as rank 0 (a mismatch deadlocks a real collective)`);
  }

  // Plain loops in rank order: the engine reduces every step, and the sums must run in
  // rank order anyway (the same order as distSum, so the same floating-point result).
  const worldSize = metrics.length;
  const maxKeys = options.maxKeyNames ?? new MaxKeyNames();
  const reduced: Record<string, number> = {};
  for (const key of keys) {
    if (countKeys.has(key)) {
      if (worldSize === 1) {
        reduced[key] = (metrics[0] as Readonly<Record<string, number>>)[key] as number;
        continue;
      }
      const weights = (counts as readonly Readonly<Record<string, number>>[]).map((c) => c[key] ?? 0);
      const values = metrics.map((local) => local[key] as number);
      const total = distSum(weights);
      if (total > 0) reduced[key] = distSum(values.map((v, i) => v * (weights[i] as number))) / total;
      continue;
    }
    if (worldSize === 1) {
      const value = (metrics[0] as Readonly<Record<string, number>>)[key] as number;
      reduced[key] = value;
      reduced[maxKeys.of(key)] = value;
      continue;
    }
    let total = 0;
    let max = -Infinity;
    for (let rank = 0; rank < worldSize; rank++) {
      const v = (metrics[rank] as Readonly<Record<string, number>>)[key] as number;
      total += v;
      if (v > max) max = v;
    }
    storeReduced(reduced, key, total, max, sumKeys, worldSize, maxKeys);
  }
  return reduced;
}

/**
 * The same reduction as `reduceLossMetrics` in default and SUM modes, from every rank's
 * values packed rank-major (rank r's value of `keys[k]` at `r * keys.length + k`)
 * instead of one dict per rank: the engine reduces the ledger counters of every rank
 * every step, and building and reading back W dicts was most of that cost. The sums run
 * in rank order, as above, so the result is the same to the bit; a property test holds
 * the two paths equal.
 */
export function reducePackedLossMetrics(
  packed: Float64Array,
  keys: readonly string[],
  options: { readonly sumKeys?: Iterable<string>; readonly maxKeyNames?: MaxKeyNames } = {},
): Record<string, number> {
  const reduction = new PackedLossReduction(keys, options);
  const outKeys: string[] = [];
  const outValues = new Float64Array(2 * keys.length);
  const count = reduction.reduceInto(packed, outKeys, outValues);
  const reduced: Record<string, number> = {};
  for (let i = 0; i < count; i++) reduced[outKeys[i] as string] = outValues[i] as number;
  return reduced;
}

/**
 * `reducePackedLossMetrics` for one fixed key list, its SUM-mode keys and `_max` names
 * looked up once: the engine reduces the same ledger keys every step, into lists it
 * reuses, where a set, the names' lookups and a dict per step were garbage and work.
 */
export class PackedLossReduction {
  private readonly keys: readonly string[];
  private readonly maxKeys: readonly string[];
  private readonly summed: readonly boolean[];

  constructor(keys: readonly string[], options: { readonly sumKeys?: Iterable<string>; readonly maxKeyNames?: MaxKeyNames } = {}) {
    assert(keys.length > 0, "a packed reduce has at least one key");
    const sumKeys = new Set(options.sumKeys ?? []);
    const maxKeyNames = options.maxKeyNames ?? new MaxKeyNames();
    this.keys = [...keys];
    this.maxKeys = keys.map((key) => maxKeyNames.of(key));
    this.summed = keys.map((key) => sumKeys.has(key));
  }

  /**
   * The reduced dict's keys and values in its order (each key, then its `_max`
   * sibling), written into `outKeys` and `outValues` from index 0; returns how many.
   */
  reduceInto(packed: Float64Array, outKeys: string[], outValues: Float64Array): number {
    const width = this.keys.length;
    assert(packed.length > 0 && packed.length % width === 0, "a packed reduce has whole ranks of every key");
    assert(outValues.length >= 2 * width, "room for every key and its _max sibling");
    const worldSize = packed.length / width;
    let count = 0;
    for (let k = 0; k < width; k++) {
      outKeys[count] = this.keys[k] as string;
      outKeys[count + 1] = this.maxKeys[k] as string;
      if (worldSize === 1) {
        // One rank passes through unchanged, as in reduceLossMetrics (even a -0 stays -0).
        outValues[count] = packed[k] as number;
        outValues[count + 1] = packed[k] as number;
      } else {
        let total = 0;
        let max = -Infinity;
        for (let i = k; i < packed.length; i += width) {
          const v = packed[i] as number;
          total += v;
          if (v > max) max = v;
        }
        // Default mode (`key` = mean) or SUM mode (`key` = total), as storeReduced.
        outValues[count] = this.summed[k] ? total : total / worldSize;
        outValues[count + 1] = max;
      }
      count += 2;
    }
    return count;
  }

  /**
   * What `reduceInto` writes, from each key's total over the `worldSize` ranks (their sum
   * from 0, in any order that sums alike) and largest value (from -Infinity), where the
   * caller added them up as it drained (LedgerCluster.drainTotalsInto): for one rank that
   * is its value passed through, as reduceInto has it, but for a -0, which 0 + -0 makes 0
   * (no drained ledger counter is one).
   */
  reduceTotalsInto(totals: Float64Array, maxes: Float64Array, worldSize: number, outKeys: string[], outValues: Float64Array): number {
    const width = this.keys.length;
    assert(worldSize >= 1 && totals.length >= width && maxes.length >= width, "a total and a largest value of every key, over at least one rank");
    assert(outValues.length >= 2 * width, "room for every key and its _max sibling");
    let count = 0;
    for (let k = 0; k < width; k++) {
      const total = totals[k] as number;
      outKeys[count] = this.keys[k] as string;
      outKeys[count + 1] = this.maxKeys[k] as string;
      outValues[count] = this.summed[k] ? total : total / worldSize;
      outValues[count + 1] = maxes[k] as number;
      count += 2;
    }
    return count;
  }
}

/** Default mode (`key` = mean) or SUM mode (`key` = total), and the `_max` sibling. */
function storeReduced(reduced: Record<string, number>, key: string, total: number, max: number, sumKeys: ReadonlySet<string>, worldSize: number, maxKeys: MaxKeyNames): void {
  reduced[key] = sumKeys.has(key) ? total : total / worldSize;
  reduced[maxKeys.of(key)] = max;
}

/** `<key>_max`: the sibling key that holds a reduced key's largest rank value. */
export function maxKeyOf(key: string): string {
  return `${key}_max`;
}

/**
 * `<key>_max` for each key, built once: a fresh concatenation per key per step had to
 * be flattened and interned again at every store into the reduced dict. The cache
 * belongs to its caller (the engine keeps one per run), not to the module, so that two
 * engines, or two threads' engines, share no mutable state.
 */
export class MaxKeyNames {
  private readonly names = new Map<string, string>();

  of(key: string): string {
    let maxKey = this.names.get(key);
    if (maxKey === undefined) {
      maxKey = maxKeyOf(key);
      // Bounded: a run reduces a fixed set of metric names; an unbounded caller still
      // gets correct keys, it only stops caching.
      if (this.names.size < 4096) this.names.set(key, maxKey);
    }
    return maxKey;
  }
}

/** Same key set as rank 0, counted without allocating a key list per rank. */
function sameKeys(keys: readonly string[], local: Readonly<Record<string, number>>): boolean {
  let count = 0;
  for (const key in local) {
    if (!Object.prototype.hasOwnProperty.call(local, key)) continue;
    count++;
  }
  if (count !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (!((keys[i] as string) in local)) return false;
  return true;
}
