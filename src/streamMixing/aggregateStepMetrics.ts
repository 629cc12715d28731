import { type Collectives, inProcessCollectives } from "../distributed/collectives.ts";
import { STEP_METRIC_KEYS as K, modalityKey } from "./stepMetricKeys.ts";

/** Each key's cluster reduction (FR4), packed into one vector per reduction. */
const MIN_KEYS = [K.remainingMin, K.remainingFractionMin] as const;
const MAX_KEYS = [K.remainingMax, K.remainingFractionMax, K.stepsSincePickMax] as const;
/** SUM vector: exhaust events, the number of ranks with an active reader, then the fan-out. */
const SUM_FIXED = 2;

/**
 * `aggregate_step_metrics`: the cluster view of W ranks' drained step metrics (index =
 * rank), mirroring DataStatsCollector's packed MIN/MAX/SUM all-reduces. A rank with an
 * empty active set contributes sentinels (+inf to MIN, 0 to MAX and SUM); the
 * active-set keys are left out when no rank has an active reader, and the modality
 * fan-out is sparse. One rank is the identity.
 */
export function aggregateStepMetrics(
  locals: readonly Readonly<Record<string, number>>[],
  modalities: readonly string[],
  collectives: Collectives = inProcessCollectives,
): Record<string, number> {
  if (locals.length === 1) return { ...(locals[0] as Record<string, number>) };
  if (locals.every((local) => Object.keys(local).length === 0)) return {};

  const modalityKeys = modalities.map(modalityKey);
  const mins: Float64Array[] = [];
  const maxs: Float64Array[] = [];
  const sums: Float64Array[] = [];
  for (const local of locals) {
    const hasActive = local[K.remainingMin] !== undefined;
    const min = new Float64Array(MIN_KEYS.length).fill(Infinity);
    const max = new Float64Array(MAX_KEYS.length);
    const sum = new Float64Array(SUM_FIXED + modalities.length);
    if (hasActive) {
      MIN_KEYS.forEach((key, i) => (min[i] = local[key] as number));
      MAX_KEYS.forEach((key, i) => (max[i] = local[key] as number));
      sum[1] = 1;
      modalityKeys.forEach((key, m) => (sum[SUM_FIXED + m] = local[key] ?? 0));
    }
    sum[0] = local[K.exhaustEvents] ?? 0;
    mins.push(min);
    maxs.push(max);
    sums.push(sum);
  }
  const min = collectives.allReduce(mins, "min");
  const max = collectives.allReduce(maxs, "max");
  const sum = collectives.allReduce(sums, "sum");

  const out: Record<string, number> = { [K.exhaustEvents]: sum[0] as number };
  if ((sum[1] as number) > 0) {
    MIN_KEYS.forEach((key, i) => (out[key] = min[i] as number));
    MAX_KEYS.forEach((key, i) => (out[key] = max[i] as number));
    modalityKeys.forEach((key, m) => {
      const count = sum[SUM_FIXED + m] as number;
      if (count > 0) out[key] = count;
    });
  }
  return out;
}
