/**
 * The model's public API: the modeled training stack (stream mixing, the group-state
 * ledger, the cross-rank reductions) and the engine that steps it. Pure: nothing here
 * reads or writes files, the console or the clock.
 *
 *   import { simulate, Engine, validateModelConfig } from "stream-mixing-sim";
 */
export { simulate } from "./engine/simulate.ts";
export { Engine, type EngineOptions, type StepResult, type LogLine, type PerRankRow, type StampedTraceEvent } from "./engine/engine.ts";
export type { EngineSnapshot } from "./engine/engineSnapshot.ts";
export type { BlockPeers, BlockPeersFactory, BlockPeersSpec } from "./engine/blockPeers.ts";
export type { MetricsRow } from "./engine/metricsRow.ts";
export type { ModelConfig } from "./config/modelConfig.ts";
export { validateModelConfig } from "./config/validateModelConfig.ts";
export { UserError, ConfigError, AssertionError } from "./errors.ts";
export type { TraceEvent } from "./trace/traceEvent.ts";
export {
  METRICS,
  METRIC_CATALOG,
  METRIC_FAMILIES,
  METRIC_FAMILY_NAMES,
  metricOfKey,
  familyOfKey,
  emittableKeys,
  fanOutKey,
  metricsOf,
  type MetricDefinition,
  type MetricFamily,
  type MetricFamilyDefinition,
  type CrossRankReduction,
  type MetricEmitter,
  type KeyOfMetric,
} from "./metrics/catalog.ts";
export {
  LAYOUTS,
  BATCHING_MODES,
  PICK_WEIGHTINGS,
  WIPE_MODES,
  type Layout,
  type BatchingMode,
  type PickWeighting,
  type WipeMode,
  type CellCount,
  type NestedGroupConfig,
  type DirectStreamConfig,
  type DatasetConfig,
  type LedgerConfig,
  type ResumeConfig,
} from "./config/modelConfig.ts";
