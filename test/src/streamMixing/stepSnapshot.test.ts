import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Reader } from "../../../src/streamMixing/reader.ts";
import { EXACT_CROSS_TOTAL, StepSnapshot } from "../../../src/streamMixing/stepSnapshot.ts";
import { STEP_METRIC_KEYS, modalityKey, STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import type { StreamSpec } from "../../../src/streamMixing/streamSpec.ts";
import { batch, makeDataset, nestedDataset } from "./datasetFixture.ts";

function stream(index: number, modality: string, modalityIndex: number, cells: number, bs: number): StreamSpec {
  return { index, name: `s${index}`, modality, modalityIndex, cells, bs };
}

describe("StepSnapshot", () => {
  it("drains exactly the STEP_METRIC_KEYS plus the sparse fan-out", () => {
    const snapshot = new StepSnapshot(["rna", "atac", "protein"]);
    const a = new Reader(stream(0, "rna", 0, 100, 10), 0, 100, 0);
    const b = new Reader(stream(1, "protein", 2, 40, 10), 0, 40, 10);
    snapshot.populate([a, b], 3);
    const metrics = snapshot.toMetrics(2);
    expect(Object.keys(metrics).sort()).toEqual([...Object.values(STEP_METRIC_KEYS), modalityKey("rna"), modalityKey("protein")].sort());
    expect(metrics[STEP_METRIC_KEYS.exhaustEvents]).toBe(2);
  });

  it("drains only the exhaust events when the active set is empty", () => {
    const snapshot = new StepSnapshot(["rna"]);
    snapshot.populate([], 5);
    expect(snapshot.toMetrics(1)).toEqual({ [STEP_METRIC_KEYS.exhaustEvents]: 1 });
  });

  it("takes min and max over the readers, fractions in picks, and steps since the last pick or the join", () => {
    const snapshot = new StepSnapshot(["rna", "atac"]);
    // 95 cells at bs 10: 10 picks; 30 read leaves 65 cells, 7 picks.
    const a = new Reader(stream(0, "rna", 0, 95, 10), 0, 95, 0);
    a.position = 30;
    // 40 cells at bs 20: 2 picks, none read.
    const b = new Reader(stream(1, "atac", 1, 40, 20), 0, 40, 10);
    b.joinedStep = 4;
    const c = new Reader(stream(2, "rna", 0, 10, 10), 0, 10, 20);
    a.lastPickedStep = 6;
    c.lastPickedStep = 8;
    snapshot.populate([a, b, c], 9);
    expect(snapshot.toMetrics(0)).toEqual({
      [STEP_METRIC_KEYS.remainingMin]: 1,
      [STEP_METRIC_KEYS.remainingMax]: 7,
      [STEP_METRIC_KEYS.remainingFractionMin]: 0.7,
      [STEP_METRIC_KEYS.remainingFractionMax]: 1,
      [STEP_METRIC_KEYS.stepsSincePickMax]: 5,
      [modalityKey("rna")]: 2,
      [modalityKey("atac")]: 1,
      [STEP_METRIC_KEYS.exhaustEvents]: 0,
    });
  });
});

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

describe("StepSnapshot's fraction extremes", () => {
  // The snapshot finds the extreme readers by comparing picks crosswise and divides
  // twice; the plan divides each reader's picks. They agree to the bit, on either side
  // of the totals up to which the crosswise products are exact.
  it("equal the smallest and largest of each reader's own quotient", () => {
    const readerArb = fc
      .record({
        bs: fc.integer({ min: 1, max: 64 }),
        picks: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 2 * EXACT_CROSS_TOTAL })),
        readFraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
      })
      .map(({ bs, picks, readFraction }) => {
        const cells = picks * bs;
        const reader = new Reader(stream(0, "rna", 0, cells, bs), 0, cells, 0);
        reader.position = Math.floor(cells * readFraction);
        return reader;
      });
    fc.assert(
      fc.property(fc.array(readerArb, { minLength: 1, maxLength: 6 }), (readers) => {
        const snapshot = new StepSnapshot(["rna"]);
        snapshot.populate(readers, 1);
        const quotients = readers.map((r) => r.remainingPicks / r.totalPicks);
        expect(Object.is(snapshot.remainingFractionMin, Math.min(...quotients))).toBe(true);
        expect(Object.is(snapshot.remainingFractionMax, Math.max(...quotients))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("are those of equal ratios in lowest and other terms alike (1/3 and 2/6)", () => {
    const snapshot = new StepSnapshot(["rna"]);
    const a = new Reader(stream(0, "rna", 0, 30, 10), 0, 30, 0);
    a.position = 20;
    const b = new Reader(stream(1, "rna", 0, 60, 10), 0, 60, 10);
    b.position = 40;
    snapshot.populate([a, b], 1);
    expect([snapshot.remainingFractionMin, snapshot.remainingFractionMax]).toEqual([1 / 3, 1 / 3]);
  });
});

describe("StepSnapshot's scan without branches (populateSmall)", () => {
  // The engine's drain takes populateSmall, which selects the extremes with int32
  // arithmetic, whenever every count is in [0, EXACT_CROSS_TOTAL]; populateAny is the
  // scan with branches it replaced. Same numbers to the bit, or no numbers at all.
  const fields = ["remainingMin", "remainingMax", "remainingFractionMin", "remainingFractionMax", "stepsSincePickMax"] as const;
  const count = fc.oneof(
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 0, max: EXACT_CROSS_TOTAL }),
    fc.constantFrom(EXACT_CROSS_TOTAL, EXACT_CROSS_TOTAL + 1, 2 ** 31, 2 ** 32 + 3, 1e12),
  );
  const slot = fc.record({ picks: count, total: count, lastPicked: fc.oneof(fc.constant(-1), fc.nat(1_000_000)), joined: fc.nat(1_000_000) });

  it("gives populateAny's numbers when every count is in range, and declines otherwise", () => {
    fc.assert(
      fc.property(fc.array(slot, { minLength: 1, maxLength: 6 }), fc.nat(3), fc.nat(1_000_000), (slots, spare, stepBase) => {
        // A rank's slots as BlockReaders lays them out (field-major, `stride` slots), after another rank's.
        const stride = slots.length + spare;
        const values = new Float64Array(2 * 5 * stride).fill(7);
        const ints = new Int32Array(2 * 4 * stride).fill(7);
        const valuesBase = 5 * stride;
        const intsBase = 4 * stride;
        slots.forEach(({ picks, total, lastPicked, joined }, i) => {
          values[valuesBase + i] = picks;
          values[valuesBase + stride + i] = total;
          ints[intsBase + i] = lastPicked;
          ints[intsBase + stride + i] = joined;
        });
        const step = stepBase + 1_000_000;
        const small = new StepSnapshot(["rna"]);
        const any = new StepSnapshot(["rna"]);
        const took = small.populateSmall(values, valuesBase, ints, intsBase, stride, slots.length, step);
        any.populateAny(values, valuesBase, valuesBase + stride, ints, intsBase, intsBase + stride, slots.length, step);
        expect(took).toBe(slots.every(({ picks, total }) => picks <= EXACT_CROSS_TOTAL && total <= EXACT_CROSS_TOTAL));
        if (took) for (const field of fields) expect(Object.is(small[field], any[field]), field).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
