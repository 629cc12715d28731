import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Collectives, type ReduceOp, inProcessCollectives } from "../../../src/distributed/collectives.ts";
import { rowsOf } from "../../helpers/packedRows.ts";
import { metricsOf } from "../../../src/metrics/catalog.ts";
import { MAX_KEYS, MIN_KEYS, StepMetricsPack } from "../../../src/streamMixing/stepMetricsPack.ts";
import { STEP_METRIC_KEYS as K, modalityKey } from "../../../src/streamMixing/stepMetricKeys.ts";
import { StepSnapshot } from "../../../src/streamMixing/stepSnapshot.ts";

const MODALITIES = ["rna", "atac", "protein"];

/** Collectives that record a copy of every rank's vector per op, then reduce for real. */
function recordingCollectives(): { collectives: Collectives; vectors: Record<ReduceOp, number[][]> } {
  const vectors: Record<ReduceOp, number[][]> = { min: [], max: [], sum: [] };
  return {
    vectors,
    collectives: {
      allReduce(packed, width, op) {
        vectors[op] = rowsOf(packed, width);
        return inProcessCollectives.allReduce(packed, width, op);
      },
    },
  };
}

/** A snapshot with arbitrary field values, as `populate` could leave it. */
const snapshotArb = fc
  .record({
    activeCount: fc.nat(5),
    remainingMin: fc.nat(1_000),
    remainingMax: fc.nat(1_000),
    remainingFractionMin: fc.double({ min: 0, max: 1, noNaN: true }),
    remainingFractionMax: fc.double({ min: 0, max: 1, noNaN: true }),
    stepsSincePickMax: fc.nat(100),
    counts: fc.array(fc.nat(3), { minLength: MODALITIES.length, maxLength: MODALITIES.length }),
    exhaustEvents: fc.nat(4),
  })
  .map(({ counts, exhaustEvents, ...fields }) => {
    const snapshot = new StepSnapshot(MODALITIES);
    Object.assign(snapshot, fields);
    snapshot.modalityCounts.set(counts);
    return { snapshot, exhaustEvents };
  });

describe("StepMetricsPack", () => {
  it("packs a snapshot into the same vectors, and reduces it to the same dict, as its drained dict", () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { minLength: 1, maxLength: 5 }), (ranks) => {
        const fromSnapshots = new StepMetricsPack(ranks.length, MODALITIES);
        const fromDicts = new StepMetricsPack(ranks.length, MODALITIES);
        ranks.forEach(({ snapshot, exhaustEvents }, rank) => {
          fromSnapshots.packSnapshot(rank, snapshot, exhaustEvents);
          fromDicts.packDict(rank, snapshot.toMetrics(exhaustEvents));
        });
        const a = recordingCollectives();
        const b = recordingCollectives();
        expect(fromSnapshots.reduce(a.collectives)).toEqual(fromDicts.reduce(b.collectives));
        expect(a.vectors).toEqual(b.vectors);
      }),
      { numRuns: 300 },
    );
  });

  it("reduces into reused lists the keys and values of its dict, in its order, step after step", () => {
    fc.assert(
      fc.property(fc.array(fc.array(snapshotArb, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }), (steps) => {
        const pack = new StepMetricsPack(2, MODALITIES);
        const keys: string[] = [];
        const values = new Float64Array(pack.reducedWidth);
        for (const ranks of steps) {
          ranks.forEach(({ snapshot, exhaustEvents }, rank) => pack.packSnapshot(rank, snapshot, exhaustEvents));
          const count = pack.reduceInto(keys, values);
          const dict = pack.reduce();
          expect(keys.slice(0, count)).toEqual(Object.keys(dict));
          expect([...values.subarray(0, count)]).toEqual(Object.values(dict));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("packs an inactive rank as sentinels with its exhaust events, and leaves the active-set keys out when every rank is inactive", () => {
    const pack = new StepMetricsPack(2, MODALITIES);
    pack.packInactive(0, 3);
    pack.packInactive(1, 0);
    const spy = recordingCollectives();
    expect(pack.reduce(spy.collectives)).toEqual({ [K.exhaustEvents]: 3 });
    expect(spy.vectors).toEqual({
      min: [
        [Infinity, Infinity],
        [Infinity, Infinity],
      ],
      max: [
        [0, 0, 0],
        [0, 0, 0],
      ],
      sum: [
        [3, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    });
  });

  it("overwrites a rank's earlier vectors completely when it is packed again", () => {
    const pack = new StepMetricsPack(2, MODALITIES);
    pack.packDict(0, {
      [K.remainingMin]: 1,
      [K.remainingMax]: 2,
      [K.remainingFractionMin]: 0.5,
      [K.remainingFractionMax]: 1,
      [K.stepsSincePickMax]: 4,
      [modalityKey("atac")]: 2,
      [K.exhaustEvents]: 1,
    });
    pack.packDict(1, {
      [K.remainingMin]: 3,
      [K.remainingMax]: 3,
      [K.remainingFractionMin]: 0.25,
      [K.remainingFractionMax]: 0.25,
      [K.stepsSincePickMax]: 1,
      [modalityKey("rna")]: 1,
      [K.exhaustEvents]: 0,
    });
    pack.packInactive(0, 0);
    expect(pack.reduce()).toEqual({
      [K.exhaustEvents]: 0,
      [K.remainingMin]: 3,
      [K.remainingFractionMin]: 0.25,
      [K.remainingMax]: 3,
      [K.remainingFractionMax]: 0.25,
      [K.stepsSincePickMax]: 1,
      [modalityKey("rna")]: 1,
    });
  });

  it("holds its unrolled packing to the catalog's key order: one rank's dict reduces to itself, each key keeping its own value", () => {
    const local: Record<string, number> = {};
    // Distinct values, so that a key packed into another key's slot shows.
    metricsOf("aggregate_step_metrics").forEach((metric, i) => {
      if (metric.fanOutPrefix === undefined) local[metric.key] = 10 + i;
    });
    local[modalityKey("rna")] = 3;
    const pack = new StepMetricsPack(1, MODALITIES);
    pack.packDict(0, local);
    expect(pack.reduce()).toEqual(local);
    expect([...MIN_KEYS, ...MAX_KEYS].sort()).toEqual(
      Object.keys(local)
        .filter((key) => key !== K.exhaustEvents && key !== modalityKey("rna"))
        .sort(),
    );
  });
});
