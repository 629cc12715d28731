import { GroupStateLedger } from "../../../src/ledger/groupStateLedger.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS } from "../../../src/ledger/ledgerMetricKeys.ts";
import type { LedgerSettings } from "../../../src/ledger/ledgerSettings.ts";
import type { LedgerAccessTrace } from "./ledgerAccessTrace.ts";

/** The ledger counters of a whole replay, summed over owner ranks and steps. */
export interface LedgerReplayCounts {
  readonly evictionsLru: number;
  readonly evictionsStale: number;
  readonly falseEvictionsLru: number;
  readonly falseEvictionsStale: number;
  /** Sweeps and wipes of one ledger since the last modeled resume (equal on every ledger). */
  readonly wipeCount: number;
}

/**
 * Replays the stores through one GroupStateLedger per owner rank exactly as the engine
 * drives them: a modeled resume replaces every ledger with an empty one at the start of
 * its step, then every ledger gets `maybeWipe(step)` (at every step, with or without
 * stores), then the step's stores in their recorded order.
 */
export function replayLedger(trace: LedgerAccessTrace, settings: LedgerSettings): LedgerReplayCounts {
  const build = (): GroupStateLedger[] => Array.from({ length: trace.worldSize }, (_, rank) => new GroupStateLedger({ ...settings, rank }));
  let ledgers = build();
  const totals = { evictionsLru: 0, evictionsStale: 0, falseEvictionsLru: 0, falseEvictionsStale: 0 };
  const drain = (): void => {
    for (const ledger of ledgers) {
      const m = ledger.drainEvictionMetrics();
      totals.evictionsLru += m[EVICTION_KEYS.lru] as number;
      totals.evictionsStale += m[EVICTION_KEYS.stale] as number;
      totals.falseEvictionsLru += m[FALSE_EVICTION_KEYS.lru] as number;
      totals.falseEvictionsStale += m[FALSE_EVICTION_KEYS.stale] as number;
    }
  };
  const resumeSteps = new Set(trace.resumeSteps);
  let next = 0;
  for (let step = 1; step <= trace.lastStep; step++) {
    if (resumeSteps.has(step)) {
      drain();
      ledgers = build();
    }
    for (const ledger of ledgers) ledger.maybeWipe(step);
    while (next < trace.stores.length && (trace.stores[next]?.step as number) === step) {
      const store = trace.stores[next++]!;
      (ledgers[store.rank] as GroupStateLedger).storeState(store.gid, step);
    }
  }
  drain();
  return { ...totals, wipeCount: ledgers[0]?.wipeCount ?? 0 };
}
