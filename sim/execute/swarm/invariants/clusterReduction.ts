import { LEDGER_SUM_KEYS } from "../../../../src/ledger/ledgerMetricKeys.ts";
import { metricOfKey } from "../../../../src/metrics/catalog.ts";
import { EXHAUST_EVENTS_KEY, MODALITY_KEY_PREFIX, REMAINING_MIN_KEY } from "../../../../src/streamMixing/stepMetricKeys.ts";
import { ACTIVE_SET_KEYS } from "./activeSetKeys.ts";
import type { Invariant } from "./invariant.ts";

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
      // Plain loops into a Map: the keys differ from run to run (modalities, ledger keys), and
      // an object built key by key took a new shape in each run, as did the arrays filter()
      // gave (empty or not); on each new one V8 threw away its optimised code for this, the
      // swarm's largest invariant (a quarter of a swarm worker's compiling), and made it
      // again. Math.min and Math.max folded one value at a time give what they give over
      // the spread list; the sums add in rank order as reduce() did.
      const expected = new Map<string, number>();
      let drained = false;
      let exhausts = 0;
      let active = false;
      for (const r of ranks) {
        if (EXHAUST_EVENTS_KEY in r) {
          drained = true;
          exhausts += r[EXHAUST_EVENTS_KEY] as number;
        }
        if (REMAINING_MIN_KEY in r) active = true;
      }
      if (drained) expected.set(EXHAUST_EVENTS_KEY, exhausts);
      if (active) {
        for (const { key, reduction } of ACTIVE_SET_KEYS) {
          let folded = reduction === "min" ? Infinity : -Infinity;
          for (const r of ranks) if (REMAINING_MIN_KEY in r) folded = reduction === "min" ? Math.min(folded, r[key] as number) : Math.max(folded, r[key] as number);
          expected.set(key, folded);
        }
        for (const r of ranks) {
          if (!(REMAINING_MIN_KEY in r)) continue;
          for (const key in r) if (key.startsWith(MODALITY_KEY_PREFIX)) expected.set(key, (expected.get(key) ?? 0) + (r[key] as number));
        }
        for (const [key, value] of expected) if (key.startsWith(MODALITY_KEY_PREFIX) && value === 0) expected.delete(key);
      }
      for (const key of LEDGER_SUM_KEYS) {
        let sum = 0;
        let most = -Infinity;
        for (const r of ranks) {
          sum += r[key] as number;
          most = Math.max(most, r[key] as number);
        }
        expected.set(key, sum);
        expected.set(`${key}_max`, most);
      }
      // Every key of the cluster row but its step and the loss-side keys not reduced above (the wipe count), so that a key the catalog does not know is compared too, and fails.
      const streamKeys = new Set([...expected.keys(), ...Object.keys(row).filter((k) => k !== "step" && metricOfKey(k)?.metric.emitter !== "reduce_loss_metrics")]);
      for (const key of [...streamKeys].sort()) {
        if (row[key] !== expected.get(key)) return `${at}: ${key} = ${String(row[key])}, but the per-rank rows reduce to ${String(expected.get(key))}`;
      }
      return undefined;
    },
  };
}
