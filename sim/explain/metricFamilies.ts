import { EVICTION_MODES } from "../../src/ledger/evictionMode.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS, WIPE_COUNT_KEY } from "../../src/ledger/ledgerMetricKeys.ts";
import { MODALITY_KEY_PREFIX, STEP_METRIC_KEYS as K } from "../../src/streamMixing/stepMetricKeys.ts";

/** The metric families `sim explain` answers for, and which keys belong to each. */
export const METRIC_FAMILIES = ["steps_since_pick", "remaining", "modalities", "exhaust", "evictions", "false_evictions", "wipe_count"] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** Every key the model emits under its own name, by family (the modality fan-out goes by prefix). */
const FAMILY_OF_KEY: ReadonlyMap<string, MetricFamily> = new Map<string, MetricFamily>([
  [K.stepsSincePickMax, "steps_since_pick"],
  [K.remainingMin, "remaining"],
  [K.remainingMax, "remaining"],
  [K.remainingFractionMin, "remaining"],
  [K.remainingFractionMax, "remaining"],
  [K.exhaustEvents, "exhaust"],
  ...EVICTION_MODES.map((mode): [string, MetricFamily] => [EVICTION_KEYS[mode], "evictions"]),
  ...EVICTION_MODES.map((mode): [string, MetricFamily] => [FALSE_EVICTION_KEYS[mode], "false_evictions"]),
  [WIPE_COUNT_KEY, "wipe_count"],
]);

/** The ledger's keys are reduced across ranks with a `_max` sibling (reduceLossMetrics). */
const MAX_SIBLING_SUFFIX = "_max";
const LEDGER_FAMILIES: ReadonlySet<MetricFamily> = new Set(["evictions", "false_evictions", "wipe_count"]);

/** The family of a metric key (a ledger key's `_max` sibling included), or undefined for a key no family explains. */
export function familyOfKey(key: string): MetricFamily | undefined {
  if (key.startsWith(MODALITY_KEY_PREFIX)) return "modalities";
  const family = FAMILY_OF_KEY.get(key);
  if (family !== undefined || !key.endsWith(MAX_SIBLING_SUFFIX)) return family;
  const base = FAMILY_OF_KEY.get(key.slice(0, -MAX_SIBLING_SUFFIX.length));
  return base !== undefined && LEDGER_FAMILIES.has(base) ? base : undefined;
}
