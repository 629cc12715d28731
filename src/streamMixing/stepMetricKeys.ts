/** The stream_mixing metric keys of FR1, as emitted (all under `stream_mixing/`). */
export const STEP_METRIC_KEYS = {
  remainingMin: "stream_mixing/active/remaining_min",
  remainingMax: "stream_mixing/active/remaining_max",
  remainingFractionMin: "stream_mixing/active/remaining_fraction_min",
  remainingFractionMax: "stream_mixing/active/remaining_fraction_max",
  stepsSincePickMax: "stream_mixing/active/steps_since_pick_max",
  exhaustEvents: "stream_mixing/refill/exhaust_events",
} as const;

export const MODALITY_KEY_PREFIX = "stream_mixing/active/modalities/";

export function modalityKey(modality: string): string {
  return MODALITY_KEY_PREFIX + modality;
}
