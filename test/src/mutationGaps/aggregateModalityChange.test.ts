import { describe, expect, it } from "vitest";
import { aggregateStepMetrics } from "../../../src/streamMixing/aggregateStepMetrics.ts";
import { STEP_METRIC_KEYS as K, modalityKey } from "../../../src/streamMixing/stepMetricKeys.ts";

// Stryker found the reuse of aggregateStepMetrics' packed buffers unguarded: a cache that
// kept the previous call's modality keys gave the same answer in every existing test,
// because those change the world size or only reorder the same modalities. A new
// modality at the same world size must still be counted.
function rank(fanOut: Record<string, number>): Record<string, number> {
  return { [K.remainingMin]: 1, [K.remainingMax]: 2, [K.remainingFractionMin]: 0.5, [K.remainingFractionMax]: 1, [K.stepsSincePickMax]: 0, ...fanOut, [K.exhaustEvents]: 0 };
}

describe("aggregateStepMetrics when the modality list changes at the same world size", () => {
  it("counts a modality that replaces another", () => {
    const before = aggregateStepMetrics([rank({ [modalityKey("rna")]: 1 }), rank({ [modalityKey("atac")]: 1 })], ["rna", "atac"]);
    expect(before[modalityKey("atac")]).toBe(1);
    const after = aggregateStepMetrics([rank({ [modalityKey("rna")]: 1 }), rank({ [modalityKey("protein")]: 2 })], ["rna", "protein"]);
    expect(after[modalityKey("protein")]).toBe(2);
    expect(after[modalityKey("atac")]).toBeUndefined();
  });

  it("counts a modality added to the list", () => {
    aggregateStepMetrics([rank({ [modalityKey("rna")]: 1 }), rank({ [modalityKey("rna")]: 1 })], ["rna"]);
    const after = aggregateStepMetrics([rank({ [modalityKey("rna")]: 1 }), rank({ [modalityKey("atac")]: 3 })], ["rna", "atac"]);
    expect(after[modalityKey("rna")]).toBe(1);
    expect(after[modalityKey("atac")]).toBe(3);
  });
});
