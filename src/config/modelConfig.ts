/**
 * The plain config object the model is built from. Field names follow the Python
 * stack's job config (and so the scenario TOML), so that an error naming a field names
 * what the user wrote. Code inside the model uses camelCase names with units last.
 */

export const LAYOUTS = ["nested", "direct"] as const;
export const BATCHING_MODES = ["per_stream", "per_modality"] as const;
export const PICK_WEIGHTINGS = ["remaining_picks", "uniform", "remaining_cells"] as const;
export const WIPE_MODES = ["none", "periodic_stale", "periodic_full"] as const;

export type Layout = (typeof LAYOUTS)[number];
export type BatchingMode = (typeof BATCHING_MODES)[number];
export type PickWeighting = (typeof PICK_WEIGHTINGS)[number];
export type WipeMode = (typeof WIPE_MODES)[number];

/** A cell count, or an inclusive [min, max] range drawn per stream from the seed. */
export type CellCount = number | readonly [number, number];

/** NESTED layout: one group per modality declaration, `streams` streams each. */
export interface NestedGroupConfig {
  readonly modality: string;
  readonly streams: number;
  readonly cells: CellCount;
  readonly bs?: number;
}

/** DIRECT layout: one entry per stream; its modality is the directory holding it. */
export interface DirectStreamConfig {
  readonly path: string;
  readonly cells: CellCount;
  readonly bs?: number;
}

export interface DatasetConfig {
  readonly layout: Layout;
  readonly num_streams_mixed: number;
  readonly batching_mode: BatchingMode;
  readonly pick_weighting: PickWeighting;
  /** The default batch size of a stream that does not set its own. */
  readonly bs: number;
  readonly groups?: readonly NestedGroupConfig[];
  readonly streams?: readonly DirectStreamConfig[];
}

export interface LedgerConfig {
  /** Entries per owner rank before LRU overflow eviction. */
  readonly capacity: number;
  readonly wipe_mode: WipeMode;
  /** Steps between sweeps or wipes; only meaningful with a periodic wipe mode. */
  readonly wipe_interval?: number;
  /** Steps an entry may go untouched before a stale sweep takes it; periodic_stale only. */
  readonly stale_threshold?: number;
  readonly recently_evicted_capacity: number;
  /** Cells per ledger group; 0 makes each reader slice one group. */
  readonly group_cells: number;
}

/** The modeled training resume: what the trainer's checkpoint keeps, and what it loses. */
export interface ResumeConfig {
  readonly at_step: number;
  readonly num_streams_mixed: number;
  /** Present only to be refused when it differs: the model cannot reshard across world sizes. */
  readonly world_size?: number;
}

export interface ModelConfig {
  readonly seed: number;
  readonly world_size: number;
  readonly batches_per_step: number;
  readonly dataset: DatasetConfig;
  readonly ledger: LedgerConfig;
  readonly resume?: ResumeConfig;
}
