/** The charts a report of the test fixtures' runs holds, in page order (their `data-metric`). */
export const FIXTURE_REPORT_CHARTS = [
  "ledger/evictions/*",
  "ledger/false_evictions/*",
  "ledger_wipe_count",
  "stream_mixing/active/modalities/*",
  "stream_mixing/active/remaining_fraction_{min,max}",
  "stream_mixing/active/remaining_{min,max}",
  "stream_mixing/active/steps_since_pick_max",
  "stream_mixing/refill/exhaust_events",
];
