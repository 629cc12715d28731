import { fanOutKey, METRICS } from "../metrics/catalog.ts";

// The stream_mixing metric keys of FR1, as emitted, from the metric catalog. Each is
// also a plain constant: the per-step code reads them as module bindings, not as
// properties of STEP_METRIC_KEYS.
export const REMAINING_MIN_KEY = METRICS.remainingMin.key;
export const REMAINING_MAX_KEY = METRICS.remainingMax.key;
export const REMAINING_FRACTION_MIN_KEY = METRICS.remainingFractionMin.key;
export const REMAINING_FRACTION_MAX_KEY = METRICS.remainingFractionMax.key;
export const STEPS_SINCE_PICK_MAX_KEY = METRICS.stepsSincePickMax.key;
export const EXHAUST_EVENTS_KEY = METRICS.exhaustEvents.key;

export const STEP_METRIC_KEYS = {
  remainingMin: REMAINING_MIN_KEY,
  remainingMax: REMAINING_MAX_KEY,
  remainingFractionMin: REMAINING_FRACTION_MIN_KEY,
  remainingFractionMax: REMAINING_FRACTION_MAX_KEY,
  stepsSincePickMax: STEPS_SINCE_PICK_MAX_KEY,
  exhaustEvents: EXHAUST_EVENTS_KEY,
} as const;

export const MODALITY_KEY_PREFIX = METRICS.modalities.fanOutPrefix;

export function modalityKey(modality: string): string {
  return fanOutKey(METRICS.modalities, modality);
}
