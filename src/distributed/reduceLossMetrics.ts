import { UserError, assert } from "../errors.ts";
import { distMax, distMean, distSum } from "./collectives.ts";

export interface ReduceLossMetricsOptions {
  /** Per rank (index = rank): the sample count behind each count-weighted key. */
  readonly auxiliaryCounts?: readonly Readonly<Record<string, number>>[];
  /** Keys reduced in SUM mode (FR13): cluster total plus a `_max` sibling. */
  readonly sumKeys?: Iterable<string>;
}

/**
 * The trainer's `reduce_loss_metrics` over W ranks' loss-side metrics (index = rank).
 * Default mode: `key` = mean and `key_max` = max. Count-weighted mode (keys with an
 * auxiliary count): the count-weighted mean, left out when no rank counted anything.
 * SUM mode: `key` = sum and `key_max` = max. One rank: values pass through unchanged,
 * and a `_max` sibling equals its value.
 */
export function reduceLossMetrics(
  metrics: readonly Readonly<Record<string, number>>[],
  options: ReduceLossMetricsOptions = {},
): Record<string, number> {
  assert(metrics.length > 0, "reduce over at least one rank");
  const sumKeys = new Set(options.sumKeys ?? []);
  const counts = options.auxiliaryCounts;
  const countKeys = new Set(counts === undefined ? [] : Object.keys(counts[0] ?? {}));
  for (const key of sumKeys) {
    if (countKeys.has(key)) throw new UserError(`reduce_loss_metrics: key "${key}" is in both sum_keys and auxiliary_counts; a key has one reduction`);
  }
  const keys = Object.keys(metrics[0] as object);
  for (const [rank, local] of metrics.entries()) {
    assert(sameKeys(keys, local), () => `rank ${rank} reduces the same keys as rank 0 (a mismatch deadlocks a real collective)`);
  }

  const reduced: Record<string, number> = {};
  for (const key of keys) {
    const values = metrics.map((local) => local[key] as number);
    if (countKeys.has(key)) {
      const weights = (counts as readonly Readonly<Record<string, number>>[]).map((c) => c[key] ?? 0);
      if (metrics.length === 1) {
        reduced[key] = values[0] as number;
        continue;
      }
      const total = distSum(weights);
      if (total > 0) reduced[key] = distSum(values.map((v, i) => v * (weights[i] as number))) / total;
    } else if (sumKeys.has(key)) {
      reduced[key] = metrics.length === 1 ? (values[0] as number) : distSum(values);
      reduced[`${key}_max`] = metrics.length === 1 ? (values[0] as number) : distMax(values);
    } else {
      reduced[key] = metrics.length === 1 ? (values[0] as number) : distMean(values);
      reduced[`${key}_max`] = metrics.length === 1 ? (values[0] as number) : distMax(values);
    }
  }
  return reduced;
}

function sameKeys(keys: readonly string[], local: Readonly<Record<string, number>>): boolean {
  const other = Object.keys(local);
  return other.length === keys.length && keys.every((k) => k in local);
}
