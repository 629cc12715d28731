/** The metric families `sim explain` answers for, and which keys belong to each. */
export const METRIC_FAMILIES = ["steps_since_pick", "remaining", "modalities", "exhaust", "evictions", "false_evictions", "wipe_count"] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** The family of a metric key (its `_max` sibling included), or undefined for a key no family explains. */
export function familyOfKey(key: string): MetricFamily | undefined {
  const base = key.replace(/_max$/, "");
  if (key === "stream_mixing/active/steps_since_pick_max") return "steps_since_pick";
  if (key.startsWith("stream_mixing/active/remaining_")) return "remaining";
  if (key.startsWith("stream_mixing/active/modalities/")) return "modalities";
  if (key === "stream_mixing/refill/exhaust_events") return "exhaust";
  if (base.startsWith("ledger/false_evictions/")) return "false_evictions";
  if (base.startsWith("ledger/evictions/")) return "evictions";
  if (base === "ledger_wipe_count") return "wipe_count";
  return undefined;
}
