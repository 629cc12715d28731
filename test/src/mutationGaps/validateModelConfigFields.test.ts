import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { validateModelConfig } from "../../../src/config/validateModelConfig.ts";
import { baseConfig, configErrorOf as errorOf, withConfig } from "../config/baseConfig.ts";

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
    ["a direct layout whose streams are missing", withConfig({ dataset: { layout: "direct", groups: undefined } }), "dataset.streams", "the direct layout needs at least one stream"],
    ["a modality that is not a string", oneGroup({ modality: 3 as unknown as string }), "dataset.groups[0].modality", "dataset.groups[0].modality = 3: expected a non-empty modality name"],
    ["a direct path that is not a string", directStreams([{ path: 7 as unknown as string, cells: 4 }]), "dataset.streams[0].path", "dataset.streams[0].path = 7: expected a non-empty path"],
    ["a batch size that is not a number", withConfig({ dataset: { bs: NaN } }), "dataset.bs", "dataset.bs = NaN: expected an integer >= 1"],
    ["a resume to K = 0", { ...baseConfig(), resume: { at_step: 2, num_streams_mixed: 0 } }, "resume.num_streams_mixed", "resume.num_streams_mixed = 0"],
  ])("for %s", (_name, config, field, message) => {
    const error = errorOf(config);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it("accepts empty streams next to a non-empty one, a direct stream with its own bs, a resume at the same world size, an empty list of the other layout and a one-value range", () => {
    expect(() => validateModelConfig(withConfig({ dataset: { groups: [{ modality: "rna", streams: 2, cells: 0 }, { modality: "atac", streams: 1, cells: [0, 4] }] } }))).not.toThrow();
    expect(() => validateModelConfig(directStreams([{ path: "d/rna/a", cells: 4, bs: 2 }]))).not.toThrow();
    expect(() => validateModelConfig({ ...baseConfig(), resume: { at_step: 2, num_streams_mixed: 1, world_size: 2 } })).not.toThrow();
    // An empty list of the other layout's entries is no conflict, and a range may be one value.
    expect(() => validateModelConfig(withConfig({ dataset: { streams: [] } }))).not.toThrow();
    expect(() => validateModelConfig(withConfig({ dataset: { layout: "direct", groups: [], streams: [{ path: "d/rna/a", cells: [5, 5] }] } }))).not.toThrow();
  });
});
