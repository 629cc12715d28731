import { METRICS, metricsOf } from "../metrics/catalog.ts";
import type { EvictionMode } from "./evictionMode.ts";

/** The four ledger counters of FR12 (from the metric catalog), reduced in SUM mode (each gains a `_max` twin). */
export const EVICTION_KEYS: Readonly<Record<EvictionMode, string>> = {
  lru: METRICS.evictionsLru.key,
  stale: METRICS.evictionsStale.key,
};
export const FALSE_EVICTION_KEYS: Readonly<Record<EvictionMode, string>> = {
  lru: METRICS.falseEvictionsLru.key,
  stale: METRICS.falseEvictionsStale.key,
};

/** The loss-side keys reduced in SUM mode, in catalog order: the four counters. */
export const LEDGER_SUM_KEYS: readonly string[] = metricsOf("reduce_loss_metrics")
  .filter((metric) => metric.reduction === "sum")
  .map((metric) => metric.key);

/** The pre-existing cumulative wipe counter, reduced in default mode (mean and `_max`). */
export const WIPE_COUNT_KEY = METRICS.wipeCount.key;
