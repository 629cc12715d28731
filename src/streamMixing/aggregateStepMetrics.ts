import { type Collectives, inProcessCollectives } from "../distributed/collectives.ts";
import { StepMetricsPack } from "./stepMetricsPack.ts";

/**
 * `aggregate_step_metrics`: the cluster view of W ranks' drained step metrics (index =
 * rank), mirroring DataStatsCollector's packed MIN/MAX/SUM all-reduces (see
 * StepMetricsPack). A rank with an empty active set contributes sentinels; the
 * active-set keys are left out when no rank has an active reader, and the modality
 * fan-out is sparse. Nothing drained on any rank gives an empty dict. One rank is the
 * identity.
 */
export function aggregateStepMetrics(
  locals: readonly Readonly<Record<string, number>>[],
  modalities: readonly string[],
  collectives: Collectives = inProcessCollectives,
): Record<string, number> {
  if (locals.length === 1) return { ...(locals[0] as Record<string, number>) };
  if (locals.every(isEmpty)) return {};
  // A fresh pack per call: the engine's hot path packs into its own (the fused drain),
  // so this path, taken by the per-rank view and `sim explain`, need not cache one.
  const pack = new StepMetricsPack(locals.length, modalities);
  for (let rank = 0; rank < locals.length; rank++) pack.packDict(rank, locals[rank] as Readonly<Record<string, number>>);
  return pack.reduce(collectives);
}

function isEmpty(local: Readonly<Record<string, number>>): boolean {
  for (const key in local) if (Object.prototype.hasOwnProperty.call(local, key)) return false;
  return true;
}
