import { METRICS } from "../../../../src/metrics/catalog.ts";

/** What an active-set key measures of each active reader (model.md, "Streams, slices and readers"). */
export type ReaderMeasure = "remainingPicks" | "remainingFraction" | "stepsSincePick";

export interface ActiveSetKey {
  readonly key: string;
  readonly measure: ReaderMeasure;
  /** The same fold twice: over a rank's active readers (the rank's value), then over the ranks with active readers (the cluster's). */
  readonly reduction: "min" | "max";
}

/**
 * The five active-set keys as the invariants read them (model.md, the stream_mixing keys and
 * their cross-rank reduction): a rank (or the cluster) emits all five or none. Stated here
 * rather than read from the catalog's reductions or the model's StepMetricsPack: the
 * invariants write the plan down independently, so a key given the wrong fold in the model
 * is caught, not copied.
 */
export const ACTIVE_SET_KEYS: readonly ActiveSetKey[] = [
  { key: METRICS.remainingMin.key, measure: "remainingPicks", reduction: "min" },
  { key: METRICS.remainingMax.key, measure: "remainingPicks", reduction: "max" },
  { key: METRICS.remainingFractionMin.key, measure: "remainingFraction", reduction: "min" },
  { key: METRICS.remainingFractionMax.key, measure: "remainingFraction", reduction: "max" },
  { key: METRICS.stepsSincePickMax.key, measure: "stepsSincePick", reduction: "max" },
];
