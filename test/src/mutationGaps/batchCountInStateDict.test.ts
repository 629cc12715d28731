import { describe, expect, it } from "vitest";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Stryker found `batch_count` of the state dict unchecked: counting batches down instead
// of up passed every test. The trainer's checkpoint carries it, so it must count batches.
describe("the state dict's batch_count", () => {
  it("counts every batch drawn, across epochs", () => {
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 2, cells: 8 }], { k: 2, bs: 4 }) });
    expect(dataset.stateDict().batch_count).toBe(0);
    for (let step = 1; step <= 6; step++) batch(dataset, step);
    expect(dataset.stateDict().batch_count).toBe(6);
    expect(dataset.epoch).toBe(2);
  });
});
