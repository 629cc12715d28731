import { assert } from "../errors.ts";
import type { PickWeighting } from "../config/modelConfig.ts";
import type { Reader } from "./reader.ts";

/** The weight a reader gets in the pick; every active reader has a positive weight. */
export function pickWeight(weighting: PickWeighting, reader: Reader): number {
  switch (weighting) {
    case "remaining_picks":
      return reader.remainingPicks;
    case "uniform":
      return 1;
    case "remaining_cells":
      return reader.remainingCells;
  }
}

/**
 * Chooses an index of `active` with probability proportional to its weight, from one
 * uniform draw `u` in [0, 1). Integer weights keep the running sums exact. `weights`
 * is the caller's scratch, at least `active.length` long: each weight is computed once
 * and read again from there by the scan. Picks never nest, so the ranks of one engine
 * share one buffer (a buffer per rank was one more object to touch per rank-step).
 */
export function weightedIndex(weighting: PickWeighting, active: readonly Reader[], u: number, weights: Float64Array): number {
  const count = active.length;
  if (weights.length < count) assert(false, `pick scratch of ${weights.length} weights for ${count} active readers`);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const weight = pickWeight(weighting, active[i] as Reader);
    weights[i] = weight;
    total += weight;
  }
  const target = u * total;
  let acc = 0;
  for (let i = 0; i < count; i++) {
    acc += weights[i] as number;
    if (target < acc) return i;
  }
  return count - 1;
}
