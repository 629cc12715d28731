import { expect } from "vitest";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { validateModelConfig } from "../../../src/config/validateModelConfig.ts";
import { ConfigError } from "../../../src/errors.ts";

/** A small valid config the tests vary one field at a time. */
export function baseConfig(): ModelConfig {
  return {
    seed: 1,
    world_size: 2,
    batches_per_step: 1,
    dataset: {
      layout: "nested",
      num_streams_mixed: 2,
      batching_mode: "per_stream",
      pick_weighting: "remaining_picks",
      bs: 4,
      groups: [
        { modality: "rna", streams: 2, cells: 40 },
        { modality: "atac", streams: 1, cells: [10, 30] },
      ],
    },
    ledger: { capacity: 4, wipe_mode: "periodic_stale", wipe_interval: 2, stale_threshold: 3, recently_evicted_capacity: 8, group_cells: 8 },
  };
}

/** `baseConfig()` with a patch applied to one of its tables. */
export function withConfig(patch: { run?: Partial<ModelConfig>; dataset?: Partial<ModelConfig["dataset"]>; ledger?: Partial<ModelConfig["ledger"]> }): ModelConfig {
  const base = baseConfig();
  return { ...base, ...patch.run, dataset: { ...base.dataset, ...patch.dataset }, ledger: { ...base.ledger, ...patch.ledger } };
}

/** The ConfigError `validateModelConfig` throws for `config`; fails the test if it throws nothing or anything else. */
export function configErrorOf(config: ModelConfig): ConfigError {
  try {
    validateModelConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected validateModelConfig to throw");
}
