import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { decodeRun, windowSource } from "../../../sim/analyse/report/client/reportClient.ts";
import { BLOCK_STEPS, RunPacker } from "../../../sim/format/packedRun.ts";
import { SummaryRows } from "../../../sim/format/summaryRows.ts";

function pack(rows: readonly MetricsRow[], firstStep = 1): ReturnType<RunPacker["finish"]> {
  const packer = new RunPacker(firstStep);
  for (const row of rows) packer.add(row);
  return packer.finish();
}

const value = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(undefined));

describe("RunPacker and the page's decodeRun", () => {
  it("give back every value of every step, NaN where a step has none (integers, wrapped differences and floats)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 40 }), async (pairs) => {
        const rows = pairs.map(([a, b], i) => ({ step: i + 5, ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) }) as MetricsRow);
        const decoded = await decodeRun(pack(rows, 5));
        expect(decoded.firstStep).toBe(5);
        expect(decoded.count).toBe(rows.length);
        for (const key of decoded.columns.keys()) {
          expect([...(decoded.columns.get(key) as Float64Array)]).toEqual(rows.map((row) => (row[key] === undefined ? NaN : row[key])));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a negative zero's sign (fast-check's counterexample from a CI run: [[-0, 0]])", async () => {
    const decoded = await decodeRun(pack([{ step: 1, a: -0, b: 0 } as MetricsRow]));
    expect(Object.is(decoded.columns.get("a")?.[0], -0)).toBe(true);
    expect(Object.is(decoded.columns.get("b")?.[0], 0)).toBe(true);
  });

  it("packs a long run in blocks, a key first seen late included, and deflates a slowly changing counter to a few bytes a step", async () => {
    const steps = BLOCK_STEPS + 1234;
    const rows = Array.from({ length: steps }, (_, i) => ({ step: i + 1, count: Math.floor(i / 7), ...(i >= BLOCK_STEPS + 3 ? { late: i * 0.5 } : {}) }) as MetricsRow);
    const packed = pack(rows);
    expect(packed.columns.count).toHaveLength(2);
    expect(JSON.stringify(packed.columns.count).length).toBeLessThan(steps / 10);
    const decoded = await decodeRun(packed);
    expect(decoded.columns.get("count")?.[steps - 1]).toBe(Math.floor((steps - 1) / 7));
    expect(decoded.columns.get("late")?.[BLOCK_STEPS + 2]).toBeNaN();
    expect(decoded.columns.get("late")?.[steps - 1]).toBe((steps - 1) * 0.5);
  });
});

describe("windowSource (the page's zoom window of a long run)", () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ step: i + 1, x: i === 4321 ? 1000 : i % 3, band_min: 0, band_max: 2 }) as MetricsRow);

  it("is every step when the window is at most two steps a pixel", async () => {
    const run = await decodeRun(pack(rows));
    const source = windowSource(run, ["x"], 4300, 4400, 600);
    expect(source.step).toEqual(Array.from({ length: 101 }, (_, i) => 4300 + i));
    expect(source.x).toEqual(rows.slice(4299, 4400).map((row) => row.x));
  });

  it("is each bucket's minimum and maximum when wider, so no spike is lost, and works out a band's height from its edges", async () => {
    const run = await decodeRun(pack(rows));
    const source = windowSource(run, ["x", "band_max - band_min"], 1, 10_000, 300);
    expect(source.step?.length).toBeLessThanOrEqual(2 * 300 + 2);
    expect(Math.max(...(source.x as number[]))).toBe(1000);
    expect(Math.min(...(source.x as number[]))).toBe(0);
    expect(new Set(source["band_max - band_min"])).toEqual(new Set([2]));
  });
});

describe("SummaryRows", () => {
  it("keeps each bucket's minimum at its first step and maximum at its last: the envelope of every value", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 5000 }), (values) => {
        const summary = new SummaryRows(values.length);
        values.forEach((v, i) => summary.add({ step: i + 1, v } as MetricsRow));
        const out = summary.finish();
        expect(out.length).toBeLessThanOrEqual(2000);
        expect(Math.min(...out.map((row) => row.v as number))).toBe(Math.min(...values));
        expect(Math.max(...out.map((row) => row.v as number))).toBe(Math.max(...values));
        expect(out.map((row) => row.step)).toEqual([...out.map((row) => row.step)].sort((a, b) => a - b));
      }),
      { numRuns: 40 },
    );
  });
});
