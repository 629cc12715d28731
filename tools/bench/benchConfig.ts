import type { ModelConfig } from "../../src/config/modelConfig.ts";

export const WORLD_SIZE = 64;

/** Four modalities of four streams each, large enough that epochs turn over a few times. */
export const BENCH_CONFIG: ModelConfig = {
  seed: 3501,
  world_size: WORLD_SIZE,
  batches_per_step: 1,
  dataset: {
    layout: "nested",
    num_streams_mixed: 4,
    batching_mode: "per_stream",
    pick_weighting: "remaining_picks",
    bs: 32,
    groups: [
      { modality: "rna", streams: 4, cells: [200_000, 400_000] },
      { modality: "atac", streams: 4, cells: [100_000, 300_000], bs: 16 },
      { modality: "protein", streams: 4, cells: [50_000, 150_000], bs: 64 },
      { modality: "spatial", streams: 4, cells: [100_000, 200_000] },
    ],
  },
  ledger: {
    capacity: 512,
    wipe_mode: "periodic_stale",
    wipe_interval: 1,
    stale_threshold: 5,
    // Small enough to fill within the first 1,000 steps, so the heap figures show steady state.
    recently_evicted_capacity: 64,
    group_cells: 256,
  },
};

/** The bench config at another world size (the streams and the ledger stay as they are). */
export function withWorldSize(config: ModelConfig, worldSize: number): ModelConfig {
  return { ...config, world_size: worldSize };
}
