import { describe, expect, it } from "vitest";
import { type Collectives, type ReduceOp, inProcessCollectives } from "../../../src/distributed/collectives.ts";
import { rowsOf } from "../../helpers/packedRows.ts";
import { aggregateStepMetrics } from "../../../src/streamMixing/aggregateStepMetrics.ts";
import { STEP_METRIC_KEYS as K, modalityKey } from "../../../src/streamMixing/stepMetricKeys.ts";

const RNA = "stream_mixing/active/modalities/rna";
const ATAC = "stream_mixing/active/modalities/atac";

/** A Collectives that records each call's op and a copy of every rank's packed vector. */
function spyCollectives(): { collectives: Collectives; calls: { op: ReduceOp; perRank: number[][] }[] } {
  const calls: { op: ReduceOp; perRank: number[][] }[] = [];
  return {
    calls,
    collectives: {
      allReduce(packed, width, op) {
        calls.push({ op, perRank: rowsOf(packed, width) });
        return inProcessCollectives.allReduce(packed, width, op);
      },
    },
  };
}

function local(remMin: number, remMax: number, fracMin: number, fracMax: number, since: number, exhaust: number, fanOut: Record<string, number>): Record<string, number> {
  return {
    [K.remainingMin]: remMin,
    [K.remainingMax]: remMax,
    [K.remainingFractionMin]: fracMin,
    [K.remainingFractionMax]: fracMax,
    [K.stepsSincePickMax]: since,
    ...fanOut,
    [K.exhaustEvents]: exhaust,
  };
}

describe("aggregateStepMetrics", () => {
  it("is the identity on one rank (P5: test_aggregate_step_metrics_world_size_1)", () => {
    const only = local(3, 9, 0.25, 0.75, 4, 1, { [RNA]: 2 });
    const spy = spyCollectives();
    const out = aggregateStepMetrics([only], ["rna", "atac"], spy.collectives);
    expect(out).toEqual(only);
    expect(out).not.toBe(only);
    expect(spy.calls).toEqual([]);
  });

  it("issues MIN, MAX and SUM on the packed vectors with the right values (P5: test_aggregate_step_metrics_packed_reduce)", () => {
    const spy = spyCollectives();
    const out = aggregateStepMetrics([local(3, 9, 0.25, 0.75, 4, 1, { [RNA]: 2 }), local(5, 7, 0.5, 0.625, 6, 2, { [RNA]: 1, [ATAC]: 3 })], ["rna", "atac"], spy.collectives);
    expect(spy.calls).toEqual([
      {
        op: "min",
        perRank: [
          [3, 0.25],
          [5, 0.5],
        ],
      },
      {
        op: "max",
        perRank: [
          [9, 0.75, 4],
          [7, 0.625, 6],
        ],
      },
      // SUM: exhaust events, ranks with an active reader, then the fan-out in modality order.
      {
        op: "sum",
        perRank: [
          [1, 1, 2, 0],
          [2, 1, 1, 3],
        ],
      },
    ]);
    expect(out).toEqual({
      [K.exhaustEvents]: 3,
      [K.remainingMin]: 3,
      [K.remainingFractionMin]: 0.25,
      [K.remainingMax]: 9,
      [K.remainingFractionMax]: 0.75,
      [K.stepsSincePickMax]: 6,
      [RNA]: 3,
      [ATAC]: 3,
    });
  });

  it("packs sentinels for an empty-pool rank (+inf to MIN, 0 to MAX and SUM) and the cluster result ignores it (P5: test_aggregate_empty_pool_sentinels)", () => {
    const spy = spyCollectives();
    const out = aggregateStepMetrics([local(4, 8, 0.5, 1, 2, 0, { [ATAC]: 1 }), { [K.exhaustEvents]: 2 }, {}], ["rna", "atac"], spy.collectives);
    expect(spy.calls.map((c) => c.perRank[1])).toEqual([
      [Infinity, Infinity],
      [0, 0, 0],
      [2, 0, 0, 0],
    ]);
    expect(spy.calls.map((c) => c.perRank[2])).toEqual([
      [Infinity, Infinity],
      [0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(out).toEqual({
      [K.exhaustEvents]: 2,
      [K.remainingMin]: 4,
      [K.remainingFractionMin]: 0.5,
      [K.remainingMax]: 8,
      [K.remainingFractionMax]: 1,
      [K.stepsSincePickMax]: 2,
      [ATAC]: 1,
    });
  });

  it("keeps only the exhaust events when no rank has an active reader, and nothing before any pick", () => {
    expect(aggregateStepMetrics([{ [K.exhaustEvents]: 1 }, { [K.exhaustEvents]: 0 }], ["rna"])).toEqual({ [K.exhaustEvents]: 1 });
    expect(aggregateStepMetrics([{}, {}], ["rna"])).toEqual({});
  });

  it("gives the same answer when the world size or modality list changes between calls", () => {
    const a = local(1, 2, 0.5, 1, 0, 0, { [RNA]: 1 });
    const b = local(2, 3, 0.25, 0.5, 1, 1, { [ATAC]: 2 });
    expect(aggregateStepMetrics([a, b, a], ["rna", "atac"])[RNA]).toBe(2);
    expect(aggregateStepMetrics([a, b], ["atac", "rna"])).toEqual(aggregateStepMetrics([a, b], ["rna", "atac"]));
    expect(aggregateStepMetrics([b, b], ["atac"])).toEqual({ ...b, [ATAC]: 4, [K.exhaustEvents]: 2 });
  });
});

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
