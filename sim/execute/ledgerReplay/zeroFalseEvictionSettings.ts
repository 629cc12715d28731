import type { LedgerSettings } from "../../../src/ledger/ledgerSettings.ts";
import type { LedgerAccessTrace } from "./ledgerAccessTrace.ts";
import { replayLedger } from "./replayLedger.ts";

/**
 * The largest number of distinct gids any owner ledger is asked to hold between two
 * modeled resumes: at that capacity LRU never evicts, so it never falsely evicts.
 */
export function capacityWithoutLruEvictions(trace: LedgerAccessTrace): number {
  const resumeSteps = new Set(trace.resumeSteps);
  let sets: Set<number>[] = Array.from({ length: trace.worldSize }, () => new Set());
  let largest = 1;
  let lastStep = 0;
  for (const store of trace.stores) {
    if (store.step !== lastStep) {
      for (let s = lastStep + 1; s <= store.step; s++) if (resumeSteps.has(s)) sets = sets.map(() => new Set());
      lastStep = store.step;
    }
    const set = sets[store.rank] as Set<number>;
    set.add(store.gid);
    if (set.size > largest) largest = set.size;
  }
  return largest;
}

/**
 * The smallest capacity C at the given wipe and stale settings whose replay has zero
 * false LRU evictions, found by bisection between 1 and `capacityWithoutLruEvictions`.
 * Bisection keeps two replayed facts: C gives zero and C - 1 gives at least one (or
 * C = 1). It is the global smallest when the count never grows with capacity, which
 * LRU's inclusion property gives unless the recently-evicted ring forgets evictions.
 */
export function smallestZeroFalseLruCapacity(trace: LedgerAccessTrace, settings: Omit<LedgerSettings, "capacity">): number {
  const falseLru = (capacity: number): number => replayLedger(trace, { ...settings, capacity }).falseEvictionsLru;
  let hi = capacityWithoutLruEvictions(trace);
  if (falseLru(1) === 0) return 1;
  let lo = 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (falseLru(mid) === 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The smallest stale threshold T (with `periodic_stale` at the given capacity and
 * interval) whose replay has zero false STALE evictions, by bisection between 0 and the
 * last step (an entry can never be older than that, so nothing is swept). As above, T
 * gives zero and T - 1 gives at least one (or T = 0).
 */
export function smallestZeroFalseStaleThreshold(trace: LedgerAccessTrace, settings: Omit<LedgerSettings, "staleThresholdSteps" | "wipeMode">): number {
  const falseStale = (threshold: number): number => replayLedger(trace, { ...settings, wipeMode: "periodic_stale", staleThresholdSteps: threshold }).falseEvictionsStale;
  if (falseStale(0) === 0) return 0;
  let lo = 0;
  let hi = Math.max(1, trace.lastStep);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (falseStale(mid) === 0) hi = mid;
    else lo = mid;
  }
  return hi;
}
