import { LEDGER_SUM_KEYS } from "../../../../src/ledger/ledgerMetricKeys.ts";
import { metricOfKey } from "../../../../src/metrics/catalog.ts";
import {
  EXHAUST_EVENTS_KEY,
  MODALITY_KEY_PREFIX,
  REMAINING_FRACTION_MAX_KEY,
  REMAINING_FRACTION_MIN_KEY,
  REMAINING_MAX_KEY,
  REMAINING_MIN_KEY,
  STEPS_SINCE_PICK_MAX_KEY,
} from "../../../../src/streamMixing/stepMetricKeys.ts";
import type { Invariant } from "./invariant.ts";

// Which key FR4 reduces by MIN and which by MAX, stated here again rather than imported
// from the model's StepMetricsPack: the invariant is the plan's reduction written down
// independently, so a key moved to the wrong list in the model is caught, not copied.
const MIN_KEYS = [REMAINING_MIN_KEY, REMAINING_FRACTION_MIN_KEY];
const MAX_KEYS = [REMAINING_MAX_KEY, REMAINING_FRACTION_MAX_KEY, STEPS_SINCE_PICK_MAX_KEY];

/**
 * The cluster row is the reduction of the per-rank rows (model.md, FR4 and FR13),
 * recomputed here key by key: MIN and MAX over the ranks with active readers, SUM of
 * exhausts and of each modality's count (emitted only when positive), the ledger
 * counters' sum and `_max`. The active-set keys appear exactly when some rank has an
 * active reader, the exhaust count exactly when some rank drained anything.
 */
export function clusterIsReductionOfRanks(): Invariant {
  return {
    id: "cluster-is-reduction-of-ranks",
    observe: (step) => {
      const row = step.row;
      const at = `step ${row.step} (cluster row vs per-rank rows)`;
      const ranks = step.perRank;
      const expected: Record<string, number> = {};
      const drained = ranks.filter((r) => EXHAUST_EVENTS_KEY in r);
      if (drained.length > 0) expected[EXHAUST_EVENTS_KEY] = drained.reduce((t, r) => t + (r[EXHAUST_EVENTS_KEY] as number), 0);
      const active = ranks.filter((r) => REMAINING_MIN_KEY in r);
      if (active.length > 0) {
        for (const key of MIN_KEYS) expected[key] = Math.min(...active.map((r) => r[key] as number));
        for (const key of MAX_KEYS) expected[key] = Math.max(...active.map((r) => r[key] as number));
        for (const r of active) {
          for (const key of Object.keys(r)) if (key.startsWith(MODALITY_KEY_PREFIX)) expected[key] = (expected[key] ?? 0) + (r[key] as number);
        }
        for (const key of Object.keys(expected)) if (key.startsWith(MODALITY_KEY_PREFIX) && expected[key] === 0) delete expected[key];
      }
      for (const key of LEDGER_SUM_KEYS) {
        expected[key] = ranks.reduce((t, r) => t + (r[key] as number), 0);
        expected[`${key}_max`] = Math.max(...ranks.map((r) => r[key] as number));
      }
      // Every key of the cluster row but its step and the loss-side keys not reduced above (the wipe count), so that a key the catalog does not know is compared too, and fails.
      const streamKeys = new Set([...Object.keys(expected), ...Object.keys(row).filter((k) => k !== "step" && metricOfKey(k)?.metric.emitter !== "reduce_loss_metrics")]);
      for (const key of [...streamKeys].sort()) {
        if (row[key] !== expected[key]) return `${at}: ${key} = ${String(row[key])}, but the per-rank rows reduce to ${String(expected[key])}`;
      }
      return undefined;
    },
  };
}
