import { describe, expect, it } from "vitest";
import { STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Guards the catalog mutant `snapshot-remaining-fraction-from-cells`: the model's own
// bs-independence test reads whole batches of a slice that bs divides, where the
// fraction of cells and the fraction of picks agree. They differ when the last pick is
// short, and the plan defines the fraction in picks.
describe("remaining_fraction counts picks, not cells", () => {
  it("is 1 of 2 picks (0.5), not 36 of 100 cells, after one bs=64 batch of a 100-cell slice", () => {
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 1, cells: 100 }], { k: 1, bs: 64 }) });
    batch(dataset, 1);
    const metrics = dataset.drainStepMetrics();
    expect(metrics[K.remainingMin]).toBe(1);
    expect(metrics[K.remainingFractionMin]).toBe(0.5);
    expect(metrics[K.remainingFractionMax]).toBe(0.5);
  });
});
