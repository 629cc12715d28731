import { LEDGER_SETTING_DEFAULTS } from "../../../src/ledger/ledgerSettings.ts";

/**
 * The value a scenario gets for every key it leaves out. docs/scenario-format.md lists
 * the same table; keep the two in step. `run.steps` has no default (a run's length is
 * always a decision), nor has `ledger.stale_threshold` (periodic_stale needs it stated).
 */
export const SCENARIO_DEFAULTS = {
  description: "",
  run: {
    /** Seed 0: a scenario that does not choose a seed still runs the same way every time. */
    seed: 0,
    world_size: 1,
    batches_per_step: 1,
    /** Every step's row written (sim/format/writtenSteps.ts). */
    metrics_every: 1,
  },
  dataset: {
    layout: "nested",
    num_streams_mixed: 4,
    batching_mode: "per_stream",
    pick_weighting: "remaining_picks",
    bs: 32,
  },
  ledger: {
    capacity: 512,
    wipe_mode: "none",
    recently_evicted_capacity: 4096,
    group_cells: 0,
    /** Applied only with a periodic wipe mode: with "none" an interval is refused as meaningless. */
    wipe_interval_periodic: LEDGER_SETTING_DEFAULTS.wipeIntervalSteps,
  },
  expect: { signature: false },
  golden: { rel: 0, abs: 0 },
} as const;
