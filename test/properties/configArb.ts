import fc from "fast-check";
import { BATCHING_MODES, PICK_WEIGHTINGS, WIPE_MODES, type ModelConfig } from "../../src/config/modelConfig.ts";

/** Random small configs over the whole space the model accepts, plus a step count. */
export const configArb: fc.Arbitrary<{ config: ModelConfig; steps: number }> = fc
  .record({
    seed: fc.nat(1_000_000),
    worldSize: fc.integer({ min: 1, max: 6 }),
    modalities: fc.integer({ min: 1, max: 3 }),
    streams: fc.array(fc.record({ modality: fc.nat(2), cells: fc.integer({ min: 0, max: 300 }), bs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    bs: fc.integer({ min: 1, max: 40 }),
    k: fc.integer({ min: 1, max: 5 }),
    batching: fc.constantFrom(...BATCHING_MODES),
    weighting: fc.constantFrom(...PICK_WEIGHTINGS),
    wipeMode: fc.constantFrom(...WIPE_MODES),
    wipeInterval: fc.integer({ min: 1, max: 6 }),
    staleThreshold: fc.integer({ min: 0, max: 6 }),
    capacity: fc.integer({ min: 1, max: 20 }),
    ring: fc.integer({ min: 1, max: 50 }),
    groupCells: fc.integer({ min: 0, max: 50 }),
    batchesPerStep: fc.integer({ min: 1, max: 3 }),
    steps: fc.integer({ min: 1, max: 60 }),
    resume: fc.option(fc.record({ atStep: fc.integer({ min: 1, max: 60 }), k: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
  })
  .map((p) => {
    // At least one cell somewhere, or the config is (rightly) refused.
    const streams = p.streams.map((s, i) => ({ ...s, modality: `m${s.modality % p.modalities}`, cells: i === 0 ? Math.max(1, s.cells) : s.cells }));
    const config: ModelConfig = {
      seed: p.seed,
      world_size: p.worldSize,
      batches_per_step: p.batchesPerStep,
      dataset: {
        layout: "nested",
        num_streams_mixed: p.k,
        batching_mode: p.batching,
        pick_weighting: p.weighting,
        bs: p.bs,
        groups: streams.map((s) => ({ modality: s.modality, streams: 1, cells: s.cells, ...(s.bs === undefined ? {} : { bs: s.bs }) })),
      },
      ledger: {
        capacity: p.capacity,
        wipe_mode: p.wipeMode,
        ...(p.wipeMode === "none" ? {} : { wipe_interval: p.wipeInterval }),
        ...(p.wipeMode === "periodic_stale" ? { stale_threshold: p.staleThreshold } : {}),
        recently_evicted_capacity: p.ring,
        group_cells: p.groupCells,
      },
      ...(p.resume === undefined ? {} : { resume: { at_step: p.resume.atStep, num_streams_mixed: p.resume.k } }),
    };
    return { config, steps: p.steps };
  });
