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
 * uniform draw `u` in [0, 1). Integer weights keep the running sums exact.
 */
export function weightedIndex(weighting: PickWeighting, active: readonly Reader[], u: number): number {
  // Each weight is computed once: the scan below reads them again from `weights`.
  const count = active.length;
  if (weights.length < count) weights = new Float64Array(count * 2);
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

/** Scratch space for the weights of one pick; picks never nest, so one buffer serves all. */
let weights = new Float64Array(16);
