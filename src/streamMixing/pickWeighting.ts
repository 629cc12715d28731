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
  let total = 0;
  for (const reader of active) total += pickWeight(weighting, reader);
  const target = u * total;
  let acc = 0;
  for (let i = 0; i < active.length; i++) {
    acc += pickWeight(weighting, active[i] as Reader);
    if (target < acc) return i;
  }
  return active.length - 1;
}
