import { describe, expect, it } from "vitest";
import { STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Guards the catalog mutant `dataset-last-pick-kept-on-exhaust`: an exhausted reader must
// lose its `_last_picked_step` entry, so that when it rejoins in the next epoch its steps
// since pick count from the step it joined, not from its pick in the previous epoch.
describe("_last_picked_step is dropped on exhaust", () => {
  it("gives steps_since_pick_max 0 at the first step of the next epoch", () => {
    // Two readers of 2 picks each, both active: epoch 1 is steps 1-4, epoch 2 starts at 5.
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 2, cells: 8 }], { k: 2, bs: 4 }) });
    for (let step = 1; step <= 4; step++) {
      batch(dataset, step);
      dataset.drainStepMetrics();
    }
    expect(dataset.epoch).toBe(1);
    batch(dataset, 5);
    expect(dataset.epoch).toBe(2);
    // Both readers joined at step 5 and one of them was picked there; the other never was.
    expect(dataset.drainStepMetrics()[K.stepsSincePickMax]).toBe(0);
  });
});
