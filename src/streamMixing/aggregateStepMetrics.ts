import { type Collectives, inProcessCollectives } from "../distributed/collectives.ts";
import { StepMetricsPack } from "./stepMetricsPack.ts";

/**
 * The pack of the last call, reused while W and the modalities stay the same: a fresh
 * set of vectors per rank and reduction per step was most of this function's cost.
 */
let lastPack: StepMetricsPack | undefined;

function packFor(worldSize: number, modalities: readonly string[]): StepMetricsPack {
  if (lastPack === undefined || !lastPack.fits(worldSize, modalities)) lastPack = new StepMetricsPack(worldSize, modalities);
  return lastPack;
}

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
  const pack = packFor(locals.length, modalities);
  for (let rank = 0; rank < locals.length; rank++) pack.packDict(rank, locals[rank] as Readonly<Record<string, number>>);
  return pack.reduce(collectives);
}

function isEmpty(local: Readonly<Record<string, number>>): boolean {
  for (const key in local) if (Object.prototype.hasOwnProperty.call(local, key)) return false;
  return true;
}
