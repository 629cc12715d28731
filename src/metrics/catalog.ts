import { assert } from "../errors.ts";

/**
 * The metric catalog: one row per metric the model emits, and the only place in src/
 * and sim/ where a metric key is spelled (test/src/metrics/catalog.test.ts greps for
 * any other). Everything that names metrics derives from it: the packed layouts of the
 * cross-rank reductions, the keys a run can emit (the expectations' key check), explain's
 * families, the report's chart groups, and the docs' tables (docs/metrics.md, held equal
 * by a test).
 *
 * From a key in metrics.jsonl to its row: `metricOfKey(key)` (a `_max` twin and a
 * fan-out member included), or search this file for the key. From the row to the line
 * that computes it: `computedIn` names the file and the function (a test holds both to
 * exist).
 */

/**
 * A metric family: the metrics one question is about, explained together by `sim
 * explain` and drawn together in the report and in W&B / TensorBoard chart groups. A
 * fan-out family's keys share `fanOutPrefix` and are one chart with a line per member.
 */
export interface MetricFamilyDefinition {
  readonly name: string;
  /** The question the family answers, in one line. */
  readonly question: string;
  readonly fanOutPrefix?: string;
}

/** Every metric family, in the order explain prints them. */
export const METRIC_FAMILIES = [
  { name: "steps_since_pick", question: "Is an active reader starved of picks?" },
  { name: "remaining", question: "How far are the active readers through their slices?" },
  { name: "modalities", question: "How is the active set split between modalities?", fanOutPrefix: "stream_mixing/active/modalities/" },
  { name: "exhaust", question: "How many readers ran out and were refilled from the pool?" },
  { name: "evictions", question: "How many ledger entries were evicted, by which mode?", fanOutPrefix: "ledger/evictions/" },
  { name: "false_evictions", question: "How many evicted groups were needed again, by the mode that evicted them?", fanOutPrefix: "ledger/false_evictions/" },
  { name: "wipe_count", question: "How often were the ledgers swept or wiped?" },
] as const satisfies readonly MetricFamilyDefinition[];

export type MetricFamily = (typeof METRIC_FAMILIES)[number]["name"];

/** The families' names, in catalog order. */
export const METRIC_FAMILY_NAMES: readonly MetricFamily[] = METRIC_FAMILIES.map((family) => family.name);

/** How the ranks' local values become the cluster's value. */
export type CrossRankReduction = "min" | "max" | "sum" | "mean";

/** The plan's function that emits a metric: the stream_mixing aggregation, or the trainer's loss-side reduction. */
export type MetricEmitter = "aggregate_step_metrics" | "reduce_loss_metrics";

export interface MetricDefinition {
  /** The key in metrics.jsonl; a fan-out's is its prefix followed by `<m>` (one key per member). */
  readonly key: string;
  /** A fan-out metric: the prefix of its members' keys (the family's fanOutPrefix). */
  readonly fanOutPrefix?: string;
  readonly family: MetricFamily;
  readonly unit: string;
  /** What the plan wants to learn from it, in one line. */
  readonly meaning: string;
  /** How a rank computes its local value (docs/model.md's "rank-local value"). */
  readonly perRank: string;
  readonly reduction: CrossRankReduction;
  /** The `<key>_max` twin that reduce_loss_metrics adds (the largest rank value), spelled out. */
  readonly maxTwin?: string;
  readonly emitter: MetricEmitter;
  /** The file and the function whose code computes the rank-local value. */
  readonly computedIn: { readonly file: string; readonly symbol: string };
}

const SNAPSHOT = { file: "src/streamMixing/stepSnapshot.ts", symbol: "populate" } as const;

/** Every metric, by a short name the code uses; catalog order is the order of METRIC_CATALOG. */
export const METRICS = {
  remainingMin: {
    key: "stream_mixing/active/remaining_min",
    family: "remaining",
    unit: "picks",
    meaning: "the active reader closest to exhausting its slice",
    perRank: "least remaining picks among active readers",
    reduction: "min",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  remainingMax: {
    key: "stream_mixing/active/remaining_max",
    family: "remaining",
    unit: "picks",
    meaning: "the active reader furthest from exhausting its slice",
    perRank: "most remaining picks",
    reduction: "max",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  remainingFractionMin: {
    key: "stream_mixing/active/remaining_fraction_min",
    family: "remaining",
    unit: "fraction of the slice",
    meaning: "remaining_min as a fraction of the reader's picks, comparable across batch sizes",
    perRank: "least remaining fraction",
    reduction: "min",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  remainingFractionMax: {
    key: "stream_mixing/active/remaining_fraction_max",
    family: "remaining",
    unit: "fraction of the slice",
    meaning: "remaining_max as a fraction; with the min, how tightly the readers progress together",
    perRank: "largest remaining fraction",
    reduction: "max",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  stepsSincePickMax: {
    key: "stream_mixing/active/steps_since_pick_max",
    family: "steps_since_pick",
    unit: "steps",
    meaning: "the longest any active reader has waited for a pick: starvation",
    perRank: "largest `step - last pick step` (a reader never picked since it joined counts from its join step)",
    reduction: "max",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  exhaustEvents: {
    key: "stream_mixing/refill/exhaust_events",
    family: "exhaust",
    unit: "events",
    meaning: "readers that reached their slice end and were refilled from the pool",
    perRank: "exhaust events since the last drain",
    reduction: "sum",
    emitter: "aggregate_step_metrics",
    computedIn: { file: "src/streamMixing/dataset.ts", symbol: "refillExhausted" },
  },
  modalities: {
    key: "stream_mixing/active/modalities/<m>",
    fanOutPrefix: "stream_mixing/active/modalities/",
    family: "modalities",
    unit: "readers",
    meaning: "the active set's mix of modalities",
    perRank: "active readers of modality `m`, only for modalities present",
    reduction: "sum",
    emitter: "aggregate_step_metrics",
    computedIn: SNAPSHOT,
  },
  evictionsLru: {
    key: "ledger/evictions/lru",
    family: "evictions",
    unit: "evictions",
    meaning: "ledger entries pushed out because the ledger was over capacity",
    perRank: "LRU overflow evictions on the rank's ledger since the last drain",
    reduction: "sum",
    maxTwin: "ledger/evictions/lru_max",
    emitter: "reduce_loss_metrics",
    computedIn: { file: "src/ledger/ledgerCluster.ts", symbol: "evictLruOverflow" },
  },
  evictionsStale: {
    key: "ledger/evictions/stale",
    family: "evictions",
    unit: "evictions",
    meaning: "ledger entries swept because they were untouched for more than stale_threshold steps",
    perRank: "stale-sweep evictions on the rank's ledger since the last drain",
    reduction: "sum",
    maxTwin: "ledger/evictions/stale_max",
    emitter: "reduce_loss_metrics",
    computedIn: { file: "src/ledger/ledgerCluster.ts", symbol: "sweepStaleEntries" },
  },
  falseEvictionsLru: {
    key: "ledger/false_evictions/lru",
    family: "false_evictions",
    unit: "evictions",
    meaning: "LRU evictions that were wrong: the group was stored again while remembered",
    perRank: "fresh writes of a gid the LRU overflow evicted, since the last drain",
    reduction: "sum",
    maxTwin: "ledger/false_evictions/lru_max",
    emitter: "reduce_loss_metrics",
    computedIn: { file: "src/ledger/ledgerCluster.ts", symbol: "storeState" },
  },
  falseEvictionsStale: {
    key: "ledger/false_evictions/stale",
    family: "false_evictions",
    unit: "evictions",
    meaning: "stale sweeps that were wrong: the group was stored again while remembered",
    perRank: "fresh writes of a gid the stale sweep evicted, since the last drain",
    reduction: "sum",
    maxTwin: "ledger/false_evictions/stale_max",
    emitter: "reduce_loss_metrics",
    computedIn: { file: "src/ledger/ledgerCluster.ts", symbol: "storeState" },
  },
  wipeCount: {
    key: "ledger_wipe_count",
    family: "wipe_count",
    unit: "wipes",
    meaning: "the ledger's wipe cadence at work (the pre-existing counter)",
    perRank: "sweeps and wipes since the start or the last modeled resume (cumulative, not drained)",
    reduction: "mean",
    maxTwin: "ledger_wipe_count_max",
    emitter: "reduce_loss_metrics",
    computedIn: { file: "src/ledger/ledgerCluster.ts", symbol: "wipe" },
  },
} as const satisfies Readonly<Record<string, MetricDefinition>>;

/** Every metric, in catalog order. */
export const METRIC_CATALOG: readonly MetricDefinition[] = Object.values(METRICS);

/** The catalog's rows of one emitter, in catalog order. */
export function metricsOf(emitter: MetricEmitter): MetricDefinition[] {
  return METRIC_CATALOG.filter((metric) => metric.emitter === emitter);
}

/** The key of a fan-out metric's member (`stream_mixing/active/modalities/rna` for `rna`). */
export function fanOutKey(metric: MetricDefinition, member: string): string {
  assert(metric.fanOutPrefix !== undefined, () => `${metric.key} is a fan-out metric`);
  return metric.fanOutPrefix + member;
}

/** What a metrics.jsonl key is: its catalog row, and whether it is the row's `_max` twin. */
export interface KeyOfMetric {
  readonly metric: MetricDefinition;
  readonly twin: boolean;
}

const ROW_OF_KEY: ReadonlyMap<string, KeyOfMetric> = new Map(
  METRIC_CATALOG.flatMap((metric): [string, KeyOfMetric][] => [
    [metric.key, { metric, twin: false }],
    ...(metric.maxTwin === undefined ? [] : [[metric.maxTwin, { metric, twin: true }] as [string, KeyOfMetric]]),
  ]),
);

/** The catalog row of a key as metrics.jsonl writes it (a `_max` twin and a fan-out member included), or undefined for a key the model does not emit. */
export function metricOfKey(key: string): KeyOfMetric | undefined {
  const exact = ROW_OF_KEY.get(key);
  if (exact !== undefined) return exact;
  const fanOut = METRIC_CATALOG.find((metric) => metric.fanOutPrefix !== undefined && key.startsWith(metric.fanOutPrefix) && key.length > metric.fanOutPrefix.length);
  return fanOut === undefined ? undefined : { metric: fanOut, twin: false };
}

/** The family of a metric key (twins and fan-out members included), or undefined for a key the model does not emit. */
export function familyOfKey(key: string): MetricFamily | undefined {
  return metricOfKey(key)?.metric.family;
}

/**
 * Every key a run can emit when its datasets declare `modalities`: each row's key (a
 * fan-out's once per modality) followed by its `_max` twin, in catalog order.
 */
export function emittableKeys(modalities: readonly string[]): string[] {
  return METRIC_CATALOG.flatMap((metric) => {
    const keys = metric.fanOutPrefix === undefined ? [metric.key] : modalities.map((m) => fanOutKey(metric, m));
    return metric.maxTwin === undefined ? keys : [...keys, metric.maxTwin];
  });
}
