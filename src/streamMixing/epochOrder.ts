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

/** How many epochs' orders an EpochOrders keeps: ranks drift apart by a few epochs at most. */
const CACHED_EPOCHS = 64;

/**
 * The epoch orders of one run, each drawn once and shared by every rank: every rank
 * derives the same order from the seed, and at thousands of ranks drawing it again per
 * rank (a fork, which hashes its label, and a shuffle) was a visible share of a step.
 * A lagging rank that asks for an epoch no longer kept gets it drawn again, identical.
 */
export class EpochOrders {
  private readonly orders = new Map<number, readonly number[]>();

  constructor(
    private readonly root: Rng,
    private readonly streamCount: number,
  ) {}

  of(epoch: number): readonly number[] {
    let order = this.orders.get(epoch);
    if (order === undefined) {
      order = epochOrder(this.root, epoch, this.streamCount);
      this.orders.set(epoch, order);
      if (this.orders.size > CACHED_EPOCHS) this.orders.delete(this.orders.keys().next().value as number);
    }
    return order;
  }
}
