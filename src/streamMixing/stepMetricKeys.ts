// The stream_mixing metric keys of FR1, as emitted (all under `stream_mixing/`). Each is
// also a plain constant: the per-step code reads them as module bindings, not as
// properties of STEP_METRIC_KEYS.
export const REMAINING_MIN_KEY = "stream_mixing/active/remaining_min";
export const REMAINING_MAX_KEY = "stream_mixing/active/remaining_max";
export const REMAINING_FRACTION_MIN_KEY = "stream_mixing/active/remaining_fraction_min";
export const REMAINING_FRACTION_MAX_KEY = "stream_mixing/active/remaining_fraction_max";
export const STEPS_SINCE_PICK_MAX_KEY = "stream_mixing/active/steps_since_pick_max";
export const EXHAUST_EVENTS_KEY = "stream_mixing/refill/exhaust_events";

export const STEP_METRIC_KEYS = {
  remainingMin: REMAINING_MIN_KEY,
  remainingMax: REMAINING_MAX_KEY,
  remainingFractionMin: REMAINING_FRACTION_MIN_KEY,
  remainingFractionMax: REMAINING_FRACTION_MAX_KEY,
  stepsSincePickMax: STEPS_SINCE_PICK_MAX_KEY,
  exhaustEvents: EXHAUST_EVENTS_KEY,
} as const;

export const MODALITY_KEY_PREFIX = "stream_mixing/active/modalities/";

export function modalityKey(modality: string): string {
  return MODALITY_KEY_PREFIX + modality;
}
