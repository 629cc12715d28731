import type { EvictionMode } from "./evictionMode.ts";

/** The four ledger counters of FR12, reduced in SUM mode (each gains a `_max` sibling). */
export const EVICTION_KEYS: Readonly<Record<EvictionMode, string>> = {
  lru: "ledger/evictions/lru",
  stale: "ledger/evictions/stale",
};
export const FALSE_EVICTION_KEYS: Readonly<Record<EvictionMode, string>> = {
  lru: "ledger/false_evictions/lru",
  stale: "ledger/false_evictions/stale",
};
export const LEDGER_SUM_KEYS: readonly string[] = [EVICTION_KEYS.lru, EVICTION_KEYS.stale, FALSE_EVICTION_KEYS.lru, FALSE_EVICTION_KEYS.stale];

/** The pre-existing cumulative wipe counter, reduced in default mode (mean and `_max`). */
export const WIPE_COUNT_KEY = "ledger_wipe_count";
