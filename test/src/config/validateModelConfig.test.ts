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
    [
      "a negative cell range bound",
      withConfig({ dataset: { groups: [{ modality: "rna", streams: 1, cells: [-1, 4] }] } }),
      "dataset.groups[0].cells[0]",
      -1,
      "dataset.groups[0].cells[0] = -1",
    ],
    ["world size < 1", withConfig({ run: { world_size: 0 } }), "run.world_size", 0, "run.world_size = 0: expected an integer >= 1"],
    ["a fractional world size", withConfig({ run: { world_size: 1.5 } }), "run.world_size", 1.5, "run.world_size = 1.5"],
    [
      "a DIRECT path with no directory",
      direct("shard-000.zarr"),
      "dataset.streams[0].path",
      "shard-000.zarr",
      'dataset.streams[0].path = "shard-000.zarr": a direct stream\'s modality is the directory holding it',
    ],
    ["an unknown layout", withConfig({ dataset: { layout: "flat" as never } }), "dataset.layout", "flat", 'dataset.layout = "flat": expected one of "nested", "direct"'],
    ["an unknown batching mode", withConfig({ dataset: { batching_mode: "per_rank" as never } }), "dataset.batching_mode", "per_rank", 'dataset.batching_mode = "per_rank"'],
    ["an unknown pick weighting", withConfig({ dataset: { pick_weighting: "random" as never } }), "dataset.pick_weighting", "random", 'dataset.pick_weighting = "random"'],
    [
      "an unknown wipe mode",
      withConfig({ ledger: { wipe_mode: "always" as never } }),
      "ledger.wipe_mode",
      "always",
      'ledger.wipe_mode = "always": expected one of "none", "periodic_stale", "periodic_full"',
    ],
    [
      "a wipe interval with wipe_mode none",
      withConfig({ ledger: { wipe_mode: "none", wipe_interval: 5, stale_threshold: undefined } }),
      "ledger.wipe_interval",
      5,
      'ledger.wipe_interval = 5: makes no sense with ledger.wipe_mode = "none"',
    ],
    [
      "a stale threshold with a full wipe",
      withConfig({ ledger: { wipe_mode: "periodic_full", stale_threshold: 3 } }),
      "ledger.stale_threshold",
      3,
      'ledger.stale_threshold = 3: makes no sense with ledger.wipe_mode = "periodic_full"',
    ],
    [
      "a periodic wipe with no interval",
      withConfig({ ledger: { wipe_interval: undefined } }),
      "ledger.wipe_interval",
      undefined,
      "ledger.wipe_interval = (missing): expected an integer >= 1",
    ],
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
    const config = withConfig({
      dataset: {
        layout: "direct",
        groups: undefined,
        streams: [
          { path: "d/rna/a", cells: 1 },
          { path: "d/rna/a", cells: 1 },
        ],
      },
    });
    expect(errorOf(config).message).toContain('dataset.streams[1].path = "d/rna/a": the same path is already dataset.streams[0]');
  });
});

// Stryker found these checks of validateModelConfig untested: removing any of them, or
// blanking the field it names, left every test green. Each refusal must name the field
// a user wrote, so each case pins the field, the value and the reason.

const directStreams = (streams: NonNullable<ModelConfig["dataset"]["streams"]>): ModelConfig => withConfig({ dataset: { layout: "direct", groups: undefined, streams } });
const oneGroup = (group: Partial<NonNullable<ModelConfig["dataset"]["groups"]>[number]>): ModelConfig =>
  withConfig({ dataset: { groups: [{ modality: "rna", streams: 1, cells: 8, ...group }] } });

describe("validateModelConfig names every field it refuses", () => {
  it.each<[string, ModelConfig, string, string]>([
    ["a negative seed", withConfig({ run: { seed: -1 } }), "run.seed", "run.seed = -1: expected an integer >= 0"],
    ["zero batches per step", withConfig({ run: { batches_per_step: 0 } }), "run.batches_per_step", "run.batches_per_step = 0: expected an integer >= 1"],
    ["a nested layout without groups", withConfig({ dataset: { groups: [] } }), "dataset.groups", "the nested layout needs at least one group"],
    ["a nested layout with direct streams", withConfig({ dataset: { streams: [{ path: "d/rna/a", cells: 4 }] } }), "dataset.streams", 'belongs to layout "direct"'],
    ["a direct layout without streams", directStreams([]), "dataset.streams", "the direct layout needs at least one stream"],
    ["a direct layout with nested groups", withConfig({ dataset: { layout: "direct", streams: [{ path: "d/rna/a", cells: 4 }] } }), "dataset.groups", 'belongs to layout "nested"'],
    ["an empty modality", oneGroup({ modality: "" }), "dataset.groups[0].modality", "expected a non-empty modality name"],
    ["a modality with a slash", oneGroup({ modality: "rna/x" }), "dataset.groups[0].modality", "without '/'"],
    ["zero streams in a group", oneGroup({ streams: 0 }), "dataset.groups[0].streams", "dataset.groups[0].streams = 0: expected an integer >= 1"],
    ["a cell range of one bound", oneGroup({ cells: [4] as unknown as [number, number] }), "dataset.groups[0].cells", "expected a cell count or a [min, max] pair"],
    ["a cell range upside down", oneGroup({ cells: [9, 3] }), "dataset.groups[0].cells", "expected min <= max"],
    ["a negative upper cell bound", oneGroup({ cells: [0, -3] }), "dataset.groups[0].cells[1]", "dataset.groups[0].cells[1] = -3"],
    ["an empty direct path", directStreams([{ path: "", cells: 4 }]), "dataset.streams[0].path", "expected a non-empty path"],
    ["a direct stream bs < 1", directStreams([{ path: "d/rna/a", cells: 4, bs: 0 }]), "dataset.streams[0].bs", "dataset.streams[0].bs = 0"],
    ["negative direct cells", directStreams([{ path: "d/rna/a", cells: -2 }]), "dataset.streams[0].cells", "dataset.streams[0].cells = -2"],
    ["an empty direct dataset", directStreams([{ path: "d/rna/a", cells: 0 }]), "dataset.streams", "every stream has 0 cells"],
    ["a ring of capacity 0", withConfig({ ledger: { recently_evicted_capacity: 0 } }), "ledger.recently_evicted_capacity", "ledger.recently_evicted_capacity = 0"],
    ["negative group cells", withConfig({ ledger: { group_cells: -1 } }), "ledger.group_cells", "ledger.group_cells = -1"],
    ["a resume at step 0", { ...baseConfig(), resume: { at_step: 0, num_streams_mixed: 2 } }, "resume.at_step", "resume.at_step = 0"],
    ["a nested layout whose groups are missing", withConfig({ dataset: { groups: undefined } }), "dataset.groups", "the nested layout needs at least one group"],
    [
      "a direct layout whose streams are missing",
      withConfig({ dataset: { layout: "direct", groups: undefined } }),
      "dataset.streams",
      "the direct layout needs at least one stream",
    ],
    [
      "a modality that is not a string",
      oneGroup({ modality: 3 as unknown as string }),
      "dataset.groups[0].modality",
      "dataset.groups[0].modality = 3: expected a non-empty modality name",
    ],
    [
      "a direct path that is not a string",
      directStreams([{ path: 7 as unknown as string, cells: 4 }]),
      "dataset.streams[0].path",
      "dataset.streams[0].path = 7: expected a non-empty path",
    ],
    ["a batch size that is not a number", withConfig({ dataset: { bs: NaN } }), "dataset.bs", "dataset.bs = NaN: expected an integer >= 1"],
    ["a resume to K = 0", { ...baseConfig(), resume: { at_step: 2, num_streams_mixed: 0 } }, "resume.num_streams_mixed", "resume.num_streams_mixed = 0"],
  ])("for %s", (_name, config, field, message) => {
    const error = errorOf(config);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it("accepts empty streams next to a non-empty one, a direct stream with its own bs, a resume at the same world size, an empty list of the other layout and a one-value range", () => {
    expect(() =>
      validateModelConfig(
        withConfig({
          dataset: {
            groups: [
              { modality: "rna", streams: 2, cells: 0 },
              { modality: "atac", streams: 1, cells: [0, 4] },
            ],
          },
        }),
      ),
    ).not.toThrow();
    expect(() => validateModelConfig(directStreams([{ path: "d/rna/a", cells: 4, bs: 2 }]))).not.toThrow();
    expect(() => validateModelConfig({ ...baseConfig(), resume: { at_step: 2, num_streams_mixed: 1, world_size: 2 } })).not.toThrow();
    // An empty list of the other layout's entries is no conflict, and a range may be one value.
    expect(() => validateModelConfig(withConfig({ dataset: { streams: [] } }))).not.toThrow();
    expect(() => validateModelConfig(withConfig({ dataset: { layout: "direct", groups: [], streams: [{ path: "d/rna/a", cells: [5, 5] }] } }))).not.toThrow();
  });
});
