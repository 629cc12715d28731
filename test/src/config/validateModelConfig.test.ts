import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { validateModelConfig } from "../../../src/config/validateModelConfig.ts";
import { baseConfig, configErrorOf as errorOf, withConfig } from "./baseConfig.ts";


const direct = (path: string): ModelConfig => withConfig({ dataset: { layout: "direct", groups: undefined, streams: [{ path, cells: 10 }] } });

describe("validateModelConfig", () => {
  it("accepts the base config", () => {
    expect(() => validateModelConfig(baseConfig())).not.toThrow();
  });

  it.each<[string, ModelConfig, string, unknown, string]>([
    ["K < 1", withConfig({ dataset: { num_streams_mixed: 0 } }), "dataset.num_streams_mixed", 0, "dataset.num_streams_mixed = 0: expected an integer >= 1"],
    ["bs < 1", withConfig({ dataset: { bs: 0 } }), "dataset.bs", 0, "dataset.bs = 0: expected an integer >= 1"],
    ["a group bs < 1", withConfig({ dataset: { groups: [{ modality: "rna", streams: 1, cells: 4, bs: -2 }] } }), "dataset.groups[0].bs", -2, "dataset.groups[0].bs = -2"],
    ["negative cells", withConfig({ dataset: { groups: [{ modality: "rna", streams: 1, cells: -5 }] } }), "dataset.groups[0].cells", -5, "dataset.groups[0].cells = -5"],
    ["a negative cell range bound", withConfig({ dataset: { groups: [{ modality: "rna", streams: 1, cells: [-1, 4] }] } }), "dataset.groups[0].cells[0]", -1, "dataset.groups[0].cells[0] = -1"],
    ["world size < 1", withConfig({ run: { world_size: 0 } }), "run.world_size", 0, "run.world_size = 0: expected an integer >= 1"],
    ["a fractional world size", withConfig({ run: { world_size: 1.5 } }), "run.world_size", 1.5, "run.world_size = 1.5"],
    ["a DIRECT path with no directory", direct("shard-000.zarr"), "dataset.streams[0].path", "shard-000.zarr", 'dataset.streams[0].path = "shard-000.zarr": a direct stream\'s modality is the directory holding it'],
    ["an unknown layout", withConfig({ dataset: { layout: "flat" as never } }), "dataset.layout", "flat", 'dataset.layout = "flat": expected one of "nested", "direct"'],
    ["an unknown batching mode", withConfig({ dataset: { batching_mode: "per_rank" as never } }), "dataset.batching_mode", "per_rank", 'dataset.batching_mode = "per_rank"'],
    ["an unknown pick weighting", withConfig({ dataset: { pick_weighting: "random" as never } }), "dataset.pick_weighting", "random", 'dataset.pick_weighting = "random"'],
    ["an unknown wipe mode", withConfig({ ledger: { wipe_mode: "always" as never } }), "ledger.wipe_mode", "always", 'ledger.wipe_mode = "always": expected one of "none", "periodic_stale", "periodic_full"'],
    ["a wipe interval with wipe_mode none", withConfig({ ledger: { wipe_mode: "none", wipe_interval: 5, stale_threshold: undefined } }), "ledger.wipe_interval", 5, 'ledger.wipe_interval = 5: makes no sense with ledger.wipe_mode = "none"'],
    ["a stale threshold with a full wipe", withConfig({ ledger: { wipe_mode: "periodic_full", stale_threshold: 3 } }), "ledger.stale_threshold", 3, 'ledger.stale_threshold = 3: makes no sense with ledger.wipe_mode = "periodic_full"'],
    ["a periodic wipe with no interval", withConfig({ ledger: { wipe_interval: undefined } }), "ledger.wipe_interval", undefined, "ledger.wipe_interval = (missing): expected an integer >= 1"],
    ["a zero wipe interval", withConfig({ ledger: { wipe_interval: 0 } }), "ledger.wipe_interval", 0, "ledger.wipe_interval = 0"],
    ["a stale sweep with no threshold", withConfig({ ledger: { stale_threshold: undefined } }), "ledger.stale_threshold", undefined, "ledger.stale_threshold = (missing)"],
    ["capacity < 1", withConfig({ ledger: { capacity: 0 } }), "ledger.capacity", 0, "ledger.capacity = 0"],
    ["every stream empty", withConfig({ dataset: { groups: [{ modality: "rna", streams: 2, cells: 0 }] } }), "dataset.groups", 0, "every stream has 0 cells"],
  ])("names the field and the value for %s", (_name, config, field, value, message) => {
    const error = errorOf(config);
    expect(error.field).toBe(field);
    expect(error.value).toEqual(value);
    expect(error.message).toContain(message);
  });

  it("refuses a resume that changes the world size", () => {
    const error = errorOf({ ...baseConfig(), resume: { at_step: 3, num_streams_mixed: 2, world_size: 4 } });
    expect(error.field).toBe("resume.world_size");
    expect(error.message).toContain("resume.world_size = 4: differs from run.world_size = 2");
  });

  it("refuses a duplicated DIRECT path", () => {
    const config = withConfig({ dataset: { layout: "direct", groups: undefined, streams: [{ path: "d/rna/a", cells: 1 }, { path: "d/rna/a", cells: 1 }] } });
    expect(errorOf(config).message).toContain('dataset.streams[1].path = "d/rna/a": the same path is already dataset.streams[0]');
  });
});
