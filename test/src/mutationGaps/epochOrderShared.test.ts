import { describe, expect, it } from "vitest";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Guards the catalog mutant `dataset-epoch-order-per-rank`: every rank must derive the
// same epoch order from (seed, epoch) alone, so the ranks' pools agree; a per-rank draw
// would still look random and healthy on each rank taken alone.
describe("the epoch order is shared by every rank", () => {
  it("gives ranks 0-3 the same pool in epochs 1 and 2", () => {
    const config = nestedDataset([{ modality: "rna", streams: 4, cells: 16 }, { modality: "atac", streams: 4, cells: 16 }], { k: 2, bs: 2 });
    const ranks = [0, 1, 2, 3].map((rank) => makeDataset({ dataset: config, seed: 7, rank, worldSize: 4 }));
    // Each rank's slice of a stream is 4 cells, 2 picks: one batch starts epoch 1, and
    // 16 batches (8 readers x 2 picks) finish it, so batch 17 starts epoch 2.
    for (const dataset of ranks) batch(dataset, 1);
    const firstPools = ranks.map((d) => [...d.pool]);
    for (const dataset of ranks) for (let step = 2; step <= 17; step++) batch(dataset, step);
    expect(ranks.map((d) => d.epoch)).toEqual([2, 2, 2, 2]);
    const secondPools = ranks.map((d) => [...d.pool]);

    expect(new Set(firstPools.map((p) => p.join(","))).size).toBe(1);
    expect(new Set(secondPools.map((p) => p.join(","))).size).toBe(1);
    expect(firstPools[0]).toHaveLength(8);
    expect(secondPools[0]).not.toEqual(firstPools[0]);
  });
});
