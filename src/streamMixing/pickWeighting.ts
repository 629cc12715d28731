import { assert } from "../errors.ts";
import type { PickWeighting } from "../config/modelConfig.ts";
import { BlockReaders, SLOT_PICKS, SLOT_POSITION, SLOT_SLICE_END } from "./blockReaders.ts";
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
 * uniform draw `u` in [0, 1): `weightedSlot` over the readers put in slots of their own.
 */
export function weightedIndex(weighting: PickWeighting, active: readonly Reader[], u: number, weights: Float64Array): number {
  return weightedSlot(weighting, BlockReaders.ofActive(active).slotValues, 0, active.length, active.length, u, weights);
}

/**
 * Chooses one of the first `count` active slots of the rank whose slots are at `base` in
 * `values` (BlockReaders, `stride` slots per rank) with probability proportional to its
 * reader's weight (pickWeight), from one uniform draw `u` in [0, 1). Integer weights
 * keep the running sums exact. `weights` is the caller's scratch, at least `count`
 * long: each weight is computed once and read again from there by the scan. Picks
 * never nest, so the ranks of one engine share one buffer.
 */
export function weightedSlot(weighting: PickWeighting, values: Float64Array, base: number, stride: number, count: number, u: number, weights: Float64Array): number {
  if (weights.length < count) assert(false, `pick scratch of ${weights.length} weights for ${count} active readers`);
  let total = 0;
  // The weighting is chosen once per pick, outside the loops.
  switch (weighting) {
    case "remaining_picks": {
      const picksAt = base + SLOT_PICKS * stride;
      for (let i = 0; i < count; i++) {
        const weight = values[picksAt + i] as number;
        weights[i] = weight;
        total += weight;
      }
      break;
    }
    case "uniform":
      for (let i = 0; i < count; i++) {
        weights[i] = 1;
        total += 1;
      }
      break;
    case "remaining_cells": {
      const positionAt = base + SLOT_POSITION * stride;
      const endAt = base + SLOT_SLICE_END * stride;
      for (let i = 0; i < count; i++) {
        const weight = (values[endAt + i] as number) - (values[positionAt + i] as number);
        weights[i] = weight;
        total += weight;
      }
      break;
    }
  }
  const target = u * total;
  let acc = 0;
  for (let i = 0; i < count; i++) {
    acc += weights[i] as number;
    if (target < acc) return i;
  }
  return count - 1;
}
