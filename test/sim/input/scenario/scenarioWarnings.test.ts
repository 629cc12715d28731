import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../../src/config/modelConfig.ts";
import { scenarioWarnings } from "../../../../sim/input/scenario/scenarioWarnings.ts";

const sourceOf = () => "s.toml";

function config(overrides: { dataset?: Partial<ModelConfig["dataset"]>; ledger?: Partial<ModelConfig["ledger"]>; resume?: ModelConfig["resume"] } = {}): ModelConfig {
  return {
    seed: 0,
    world_size: 2,
    batches_per_step: 1,
    dataset: {
      layout: "nested",
      num_streams_mixed: 3,
      batching_mode: "per_modality",
      pick_weighting: "remaining_picks",
      bs: 32,
      groups: [
        { modality: "rna", streams: 3, cells: 1000 },
        { modality: "atac", streams: 2, cells: 1000 },
        { modality: "protein", streams: 1, cells: 1000 },
      ],
      ...overrides.dataset,
    },
    ledger: { capacity: 512, wipe_mode: "none", recently_evicted_capacity: 4096, group_cells: 0, ...overrides.ledger },
    ...(overrides.resume === undefined ? {} : { resume: overrides.resume }),
  };
}

describe("scenarioWarnings", () => {
  it("says nothing of a config whose relations are sound", () => {
    expect(scenarioWarnings(config(), 200, sourceOf)).toEqual([]);
    expect(scenarioWarnings(config({ ledger: { wipe_mode: "periodic_stale", wipe_interval: 1, stale_threshold: 5 } }), 200, sourceOf)).toEqual([]);
  });

  it("warns of a K above the streams declared, before and after a resume", () => {
    const warnings = scenarioWarnings(config({ dataset: { num_streams_mixed: 40, batching_mode: "per_stream" }, resume: { at_step: 5, num_streams_mixed: 7 } }), 200, sourceOf);
    expect(warnings).toEqual([
      "s.toml: dataset.num_streams_mixed = 40: more than the 6 streams declared: a rank has one reader per stream, so its active set never holds more than 6, and a K above that mixes the same as K = 6",
      "s.toml: resume.num_streams_mixed = 7: more than the 6 streams declared: a rank has one reader per stream, so its active set never holds more than 6, and a K above that mixes the same as K = 6",
    ]);
  });

  it("does not warn of a default the file did not write", () => {
    const k4 = config({ dataset: { num_streams_mixed: 4, batching_mode: "per_stream", groups: [{ modality: "rna", streams: 3, cells: 1000 }] } });
    expect(scenarioWarnings(k4, 200, sourceOf, () => false)).toEqual([]);
    expect(scenarioWarnings(k4, 200, sourceOf, (path) => path === "dataset.num_streams_mixed")).toHaveLength(1);
  });

  it("warns of packing with two readers of one modality active, of wipes the run never reaches and of a resume at step 1", () => {
    expect(scenarioWarnings(config({ dataset: { num_streams_mixed: 4 } }), 200, sourceOf)).toEqual([
      expect.stringContaining('dataset.num_streams_mixed = 4: with batching_mode = "per_modality" and 3 modalities, a rank\'s active set holds two readers of one modality'),
    ]);
    expect(scenarioWarnings(config({ ledger: { wipe_mode: "periodic_full", wipe_interval: 300 } }), 200, sourceOf)).toEqual([
      "s.toml: ledger.wipe_interval = 300: longer than the run's 200 steps (run.steps): no wipe happens in the run",
    ]);
    expect(scenarioWarnings(config({ ledger: { wipe_mode: "periodic_stale", wipe_interval: 1, stale_threshold: 199 } }), 200, sourceOf)).toEqual([
      expect.stringContaining("ledger.stale_threshold = 199: no entry can go untouched for more than 199 steps"),
    ]);
    expect(scenarioWarnings(config({ ledger: { wipe_mode: "periodic_stale", wipe_interval: 1, stale_threshold: 198 } }), 200, sourceOf)).toEqual([]);
    expect(scenarioWarnings(config({ resume: { at_step: 1, num_streams_mixed: 2 } }), 200, sourceOf)).toEqual([
      expect.stringContaining("resume.at_step = 1: a resume at the start of step 1"),
    ]);
  });
});
