import type { ModelConfig } from "../../../../src/config/modelConfig.ts";
import type { Scenario } from "../../../../sim/input/scenario/scenario.ts";

/**
 * Small scenarios built in memory, so the run, snapshot, trace and explain logic is
 * tested without the scenario loader. They cover both layouts and batching modes,
 * every wipe mode, batches_per_step > 1, drawn cell ranges and a modeled [resume]
 * (K shrinking and growing).
 */
const MODELS: Record<string, ModelConfig> = {
  nested_modality_resume: {
    seed: 11,
    world_size: 4,
    batches_per_step: 1,
    dataset: {
      layout: "nested",
      num_streams_mixed: 3,
      batching_mode: "per_modality",
      pick_weighting: "remaining_picks",
      bs: 8,
      groups: [
        { modality: "rna", streams: 3, cells: 160 },
        { modality: "atac", streams: 2, cells: [80, 240], bs: 16 },
        { modality: "rna", streams: 1, cells: 96, bs: 4 },
      ],
    },
    ledger: { capacity: 5, wipe_mode: "periodic_stale", wipe_interval: 2, stale_threshold: 3, recently_evicted_capacity: 64, group_cells: 16 },
    resume: { at_step: 30, num_streams_mixed: 2 },
  },
  direct_stream_full_wipe: {
    seed: 3,
    world_size: 3,
    batches_per_step: 2,
    dataset: {
      layout: "direct",
      num_streams_mixed: 2,
      batching_mode: "per_stream",
      pick_weighting: "uniform",
      bs: 8,
      streams: [
        { path: "data/rna/a.zarr", cells: 120 },
        { path: "data/rna/b.zarr", cells: 64, bs: 4 },
        { path: "data/atac/c.zarr", cells: 200 },
        { path: "data/prot/d.zarr", cells: 2 },
      ],
    },
    ledger: { capacity: 3, wipe_mode: "periodic_full", wipe_interval: 7, recently_evicted_capacity: 16, group_cells: 8 },
    resume: { at_step: 17, num_streams_mixed: 3 },
  },
  nested_stream_lru: {
    seed: 5,
    world_size: 2,
    batches_per_step: 1,
    dataset: {
      layout: "nested",
      num_streams_mixed: 2,
      batching_mode: "per_stream",
      pick_weighting: "remaining_cells",
      bs: 16,
      groups: [
        { modality: "rna", streams: 4, cells: [64, 256] },
        { modality: "atac", streams: 2, cells: 128, bs: 1 },
      ],
    },
    ledger: { capacity: 6, wipe_mode: "none", recently_evicted_capacity: 4096, group_cells: 8 },
  },
};

export const FIXTURE_STEPS = 40;

export function fixtureScenario(name: keyof typeof MODELS | string, steps = FIXTURE_STEPS): Scenario {
  const model = MODELS[name];
  if (model === undefined) throw new Error(`no fixture scenario ${name}`);
  const { seed, world_size, batches_per_step, resume, ...rest } = model;
  return {
    file: `${name}.toml`,
    name,
    description: `fixture ${name}`,
    steps,
    metricsEvery: 1,
    model,
    expectations: [],
    golden: { rel: 0, abs: 0, rules: [] },
    resolved: JSON.parse(JSON.stringify({ run: { name, seed, steps, world_size, batches_per_step }, ...rest, ...(resume ? { resume } : {}) })),
    chain: [`${name}.toml`],
  };
}

export const FIXTURE_NAMES = Object.keys(MODELS);
