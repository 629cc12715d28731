import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/rng/rng.ts";
import { modalityForReader, modalityOfPath } from "../../../src/streamMixing/modality.ts";
import { resolveStreams } from "../../../src/streamMixing/streamSpec.ts";
import { makeDataset, nestedDataset } from "./datasetFixture.ts";

describe("modality resolution (P5: test_modality_resolution_nested_and_direct)", () => {
  it("NESTED: a reader's modality is its group, names count per modality across groups", () => {
    const dataset = makeDataset({
      dataset: nestedDataset([
        { modality: "rna", streams: 2, cells: 10 },
        { modality: "atac", streams: 1, cells: 10 },
        { modality: "rna", streams: 1, cells: 10 },
      ]),
    });
    expect(dataset.readers.map((r) => [r.stream.name, modalityForReader(r)])).toEqual([
      ["rna/000", "rna"],
      ["rna/001", "rna"],
      ["atac/000", "atac"],
      ["rna/002", "rna"],
    ]);
  });

  it("DIRECT: a reader's modality is the directory holding its path", () => {
    const resolved = resolveStreams(
      {
        layout: "direct",
        num_streams_mixed: 2,
        batching_mode: "per_stream",
        pick_weighting: "uniform",
        bs: 4,
        streams: [
          { path: "data/rna/shard-000.zarr", cells: 10 },
          { path: "/abs/atac/x.zarr", cells: 10 },
          { path: "protein/y", cells: 10 },
        ],
      },
      Rng.fromSeed(1),
    );
    expect(resolved.streams.map((stream) => modalityForReader({ stream }))).toEqual(["rna", "atac", "protein"]);
    expect(resolved.modalities).toEqual(["rna", "atac", "protein"]);
  });

  it.each([
    ["data/rna/shard-000.zarr", "rna"],
    ["rna/shard", "rna"],
    ["data/rna/shard-000.zarr/", "rna"],
    ["data/rna//shard.zarr", "rna"],
    ["data//rna///shard.zarr//", "rna"],
    ["shard-000.zarr/", undefined],
    ["shard-000.zarr", undefined],
    ["/shard-000.zarr", undefined],
    ["./shard-000.zarr", undefined],
    ["../shard-000.zarr", undefined],
  ])("modalityOfPath(%j) is %j", (path, expected) => {
    expect(modalityOfPath(path)).toBe(expected);
  });
});
