import { type Collectives, inProcessCollectives } from "../distributed/collectives.ts";
import {
  EXHAUST_EVENTS_KEY,
  REMAINING_FRACTION_MAX_KEY,
  REMAINING_FRACTION_MIN_KEY,
  REMAINING_MAX_KEY,
  REMAINING_MIN_KEY,
  STEPS_SINCE_PICK_MAX_KEY,
  modalityKey,
} from "./stepMetricKeys.ts";

/** Each key's cluster reduction (FR4), packed into one vector per reduction. */
const MIN_KEYS: readonly string[] = [REMAINING_MIN_KEY, REMAINING_FRACTION_MIN_KEY];
const MAX_KEYS: readonly string[] = [REMAINING_MAX_KEY, REMAINING_FRACTION_MAX_KEY, STEPS_SINCE_PICK_MAX_KEY];
/** SUM vector: exhaust events, the number of ranks with an active reader, then the fan-out. */
const SUM_FIXED = 2;

/**
 * The packed vectors of the last call, reused while W and the modality count stay the
 * same: a fresh Float64Array per rank and reduction per step was most of this
 * function's cost. Collectives must not keep the vectors after `allReduce` returns (a
 * real all-reduce works on its buffers in place, so neither does it).
 */
interface PackBuffers {
  readonly modalityKeys: readonly string[];
  readonly modalitiesRef: readonly string[];
  readonly mins: Float64Array[];
  readonly maxs: Float64Array[];
  readonly sums: Float64Array[];
}
let buffers: PackBuffers | undefined;

function packBuffers(worldSize: number, modalities: readonly string[]): PackBuffers {
  const cached = buffers;
  if (cached !== undefined && cached.mins.length === worldSize && sameModalities(cached, modalities)) return cached;
  const fresh: PackBuffers = {
    modalityKeys: modalities.map(modalityKey),
    modalitiesRef: modalities,
    mins: Array.from({ length: worldSize }, () => new Float64Array(MIN_KEYS.length)),
    maxs: Array.from({ length: worldSize }, () => new Float64Array(MAX_KEYS.length)),
    sums: Array.from({ length: worldSize }, () => new Float64Array(SUM_FIXED + modalities.length)),
  };
  buffers = fresh;
  return fresh;
}

function sameModalities(cached: PackBuffers, modalities: readonly string[]): boolean {
  if (cached.modalitiesRef === modalities) return true;
  if (cached.modalityKeys.length !== modalities.length) return false;
  for (let m = 0; m < modalities.length; m++) if (cached.modalityKeys[m] !== modalityKey(modalities[m] as string)) return false;
  return true;
}

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
  if (locals.every(isEmpty)) return {};

  const { modalityKeys, mins, maxs, sums } = packBuffers(locals.length, modalities);
  for (let rank = 0; rank < locals.length; rank++) {
    const local = locals[rank] as Readonly<Record<string, number>>;
    const min = mins[rank] as Float64Array;
    const max = maxs[rank] as Float64Array;
    const sum = sums[rank] as Float64Array;
    if (local[REMAINING_MIN_KEY] !== undefined) {
      // Unrolled over MIN_KEYS and MAX_KEYS (same order): constant keys are cheaper loads.
      min[0] = local[REMAINING_MIN_KEY] as number;
      min[1] = local[REMAINING_FRACTION_MIN_KEY] as number;
      max[0] = local[REMAINING_MAX_KEY] as number;
      max[1] = local[REMAINING_FRACTION_MAX_KEY] as number;
      max[2] = local[STEPS_SINCE_PICK_MAX_KEY] as number;
      sum[1] = 1;
      for (let m = 0; m < modalityKeys.length; m++) sum[SUM_FIXED + m] = local[modalityKeys[m] as string] ?? 0;
    } else {
      min.fill(Infinity);
      max.fill(0);
      sum.fill(0);
    }
    sum[0] = local[EXHAUST_EVENTS_KEY] ?? 0;
  }
  const min = collectives.allReduce(mins, "min");
  const max = collectives.allReduce(maxs, "max");
  const sum = collectives.allReduce(sums, "sum");

  const out: Record<string, number> = { [EXHAUST_EVENTS_KEY]: sum[0] as number };
  if ((sum[1] as number) > 0) {
    for (let i = 0; i < MIN_KEYS.length; i++) out[MIN_KEYS[i] as string] = min[i] as number;
    for (let i = 0; i < MAX_KEYS.length; i++) out[MAX_KEYS[i] as string] = max[i] as number;
    for (let m = 0; m < modalityKeys.length; m++) {
      const count = sum[SUM_FIXED + m] as number;
      if (count > 0) out[modalityKeys[m] as string] = count;
    }
  }
  return out;
}

function isEmpty(local: Readonly<Record<string, number>>): boolean {
  for (const key in local) if (Object.prototype.hasOwnProperty.call(local, key)) return false;
  return true;
}
