import { describe, expect, it } from "vitest";
import { groupCount, groupIdBases, ownerRank } from "../../../src/ledger/groupIds.ts";
import { Rng } from "../../../src/rng/rng.ts";
import { resolveStreams } from "../../../src/streamMixing/streamSpec.ts";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Stryker found the `group_cells > 0` path untested (no scenario sets it either): the
// number of groups in a slice, the group ids a batch touches, and how they are offset
// inside a rank's slice could all change without a failing test.
describe("ledger groups of group_cells cells", () => {
  it("counts ceil(slice / group_cells) groups, one for a whole-slice group, none for an empty slice", () => {
    expect(groupCount(10, 4)).toBe(3);
    expect(groupCount(8, 4)).toBe(2);
    expect(groupCount(10, 0)).toBe(1);
    expect(groupCount(0, 0)).toBe(0);
    expect(groupCount(0, 4)).toBe(0);
  });

  it("numbers groups rank-major and skips empty slices", () => {
    // Two streams of 10 and 1 cells over 2 ranks: slices [5, 5] and [0, 1].
    const streams = resolveStreams(
      nestedDataset([
        { modality: "rna", streams: 1, cells: 10 },
        { modality: "atac", streams: 1, cells: 1 },
      ]),
      Rng.fromSeed(1).fork("cells"),
    ).streams;
    expect(groupIdBases(streams, 2, 2)).toEqual([
      [0, 3],
      [3, 6],
    ]);
    expect(groupIdBases(streams, 2, 0)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(ownerRank(7, 4)).toBe(3);
  });

  it("touches every group a batch spans, counted from the start of the rank's slice", () => {
    // One stream of 40 cells on rank 1 of 2: the slice is cells 20-39, groups of 4 cells.
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 1, cells: 40 }], { k: 1, bs: 6 }), rank: 1, worldSize: 2, groupCells: 4 });
    const base = dataset.readers[0]?.gidBase as number;
    expect(batch(dataset, 1)).toEqual([base, base + 1]);
    expect(batch(dataset, 2)).toEqual([base + 1, base + 2]);
    expect(batch(dataset, 3)).toEqual([base + 3, base + 4]);
  });

  it("touches the slice's one group when group_cells is 0", () => {
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 1, cells: 40 }], { k: 1, bs: 6 }), rank: 1, worldSize: 2 });
    const base = dataset.readers[0]?.gidBase as number;
    expect(batch(dataset, 1)).toEqual([base]);
    expect(batch(dataset, 2)).toEqual([base]);
  });
});
