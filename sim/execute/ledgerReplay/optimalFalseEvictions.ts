import type { WipeMode } from "../../../src/config/modelConfig.ts";
import type { LedgerAccessTrace } from "./ledgerAccessTrace.ts";

/**
 * The clairvoyant bound (Belady's OPT): the fewest false evictions any eviction policy
 * with `capacity` entries per owner ledger could reach on this trace.
 *
 * Under OPT a false eviction is a store that finds its gid missing although the gid
 * was stored on that ledger since the last clear: the entry was there and some
 * eviction took it. A clear is a modeled resume or a `periodic_full` wipe; those are
 * not evictions, so the first store after one is never false. Stale sweeps are a
 * policy choice and are not imposed. Every store inserts its entry (no bypass), so
 * minimising these re-stores is minimising misses, which evicting the resident entry
 * whose next store is farthest in the future does (Belady, 1966). The ring of the real
 * ledger is not modeled: OPT counts every such re-store, as if the ring never forgot.
 */
export function optimalFalseEvictions(trace: LedgerAccessTrace, capacity: number, clearing: { wipeMode: WipeMode; wipeIntervalSteps: number }): number {
  const resumeSteps = new Set(trace.resumeSteps);
  const clearsAt = (step: number): boolean => resumeSteps.has(step) || (clearing.wipeMode === "periodic_full" && step % clearing.wipeIntervalSteps === 0);
  // The segment of a step: how many clears happened up to and including its start.
  const segmentOfStep = new Int32Array(trace.lastStep + 2);
  let segment = 0;
  for (let step = 1; step <= trace.lastStep + 1; step++) {
    if (clearsAt(step)) segment++;
    segmentOfStep[step] = segment;
  }

  const perRank: { gid: number; segment: number }[][] = Array.from({ length: trace.worldSize }, () => []);
  for (const store of trace.stores) perRank[store.rank]?.push({ gid: store.gid, segment: segmentOfStep[store.step] as number });
  let total = 0;
  for (const accesses of perRank) total += belady(accesses, capacity);
  return total;
}

function belady(accesses: readonly { gid: number; segment: number }[], capacity: number): number {
  const n = accesses.length;
  const nextUse = new Float64Array(n);
  const following = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    const { gid, segment } = accesses[i]!;
    const j = following.get(gid);
    nextUse[i] = j !== undefined && accesses[j]!.segment === segment ? j : Infinity;
    following.set(gid, i);
  }
  let resident = new Map<number, number>();
  let seen = new Set<number>();
  let heap = new MaxHeap();
  let currentSegment = -1;
  let falseEvictions = 0;
  for (let i = 0; i < n; i++) {
    const { gid, segment } = accesses[i]!;
    if (segment !== currentSegment) {
      currentSegment = segment;
      resident = new Map();
      seen = new Set();
      heap = new MaxHeap();
    }
    const use = nextUse[i] as number;
    if (!resident.has(gid)) {
      if (seen.has(gid)) falseEvictions++;
      while (resident.size >= capacity) {
        const [victimUse, victim] = heap.pop()!;
        // Lazy deletion: skip heap items made stale by a later store of the same gid.
        if (resident.get(victim) === victimUse) resident.delete(victim);
      }
    }
    resident.set(gid, use);
    heap.push(use, gid);
    seen.add(gid);
  }
  return falseEvictions;
}

/** A binary max-heap of (next use, gid), ties broken by the larger gid so the result is deterministic. */
class MaxHeap {
  private readonly items: [number, number][] = [];

  push(key: number, gid: number): void {
    const items = this.items;
    items.push([key, gid]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!greater(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && greater(items[l]!, items[best]!)) best = l;
        if (r < items.length && greater(items[r]!, items[best]!)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}

function greater(a: [number, number], b: [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}
