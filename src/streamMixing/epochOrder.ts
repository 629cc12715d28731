import type { Rng } from "../rng/rng.ts";

/**
 * The order in which epoch `epoch` visits the streams: a Fisher-Yates permutation drawn
 * from a generator forked by (seed, "epoch", epoch). Every rank derives the same order
 * from the seed alone, so no rank needs another's state.
 */
export function epochOrder(root: Rng, epoch: number, streamCount: number): number[] {
  const rng = root.fork("epoch", epoch);
  const order = Array.from({ length: streamCount }, (_, i) => i);
  for (let i = streamCount - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}
