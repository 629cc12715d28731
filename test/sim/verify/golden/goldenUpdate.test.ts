import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { GoldenFileError } from "../../../../sim/format/goldenFileError.ts";
import { MemoryGoldenStore } from "../../../../sim/verify/golden/goldenStore.ts";
import { applyGoldenUpdate, findOrphanGoldens, planGoldenUpdate } from "../../../../sim/verify/golden/goldenUpdate.ts";
import { matchesKeyPattern } from "../../../../sim/format/keyPattern.ts";

const ROWS = [{ step: 1, b: 2, a: 1 }, { step: 2, a: 0.1, b: 1e-9 }] as unknown as MetricsRow[];
const TEXT = '{"step":1,"a":1,"b":2}\n{"step":2,"a":0.1,"b":1e-9}\n';

describe("golden updates", () => {
  it("plans a new file with the canonical text and writes it", async () => {
    const store = new MemoryGoldenStore();
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update).toEqual({ kind: "new", name: "demo", contents: TEXT });
    await applyGoldenUpdate(store, update);
    expect(store.files.get("demo")).toBe(TEXT);
  });

  it("does not write an unchanged file", async () => {
    const store = new MemoryGoldenStore({ demo: TEXT });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update).toEqual({ kind: "unchanged", name: "demo" });
    await applyGoldenUpdate(store, update);
    expect(store.writes).toEqual([]);
  });

  it("counts the steps that differ, added rows included", async () => {
    const store = new MemoryGoldenStore({ demo: '{"step":1,"a":1,"b":2}\n{"step":2,"a":0.2,"b":1e-9}\n{"step":3,"a":0,"b":0}\n' });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update.kind === "changed" && update.stepsDiffering).toBe(2);
  });

  it("refuses to plan over a corrupt golden file, so nothing is written", async () => {
    const store = new MemoryGoldenStore({ demo: '{"step":1,"a":1,"b":2}\n{"step":2,' });
    await expect(planGoldenUpdate(store, "demo", ROWS)).rejects.toThrow(GoldenFileError);
    expect(store.files.get("demo")).toBe('{"step":1,"a":1,"b":2}\n{"step":2,');
  });

  it("finds golden files no scenario owns", async () => {
    const store = new MemoryGoldenStore({ b: "", a: "", old: "" });
    expect(await findOrphanGoldens(store, ["a", "b"])).toEqual(["old"]);
  });

  it("matches key patterns as a whole, * across slashes", () => {
    expect(matchesKeyPattern("x/*", "x/a/b")).toBe(true);
    expect(matchesKeyPattern("x/*", "y/x/a")).toBe(false);
    expect(matchesKeyPattern("a.b*", "aXb")).toBe(false);
    expect(matchesKeyPattern("exact", "exact")).toBe(true);
    expect(matchesKeyPattern("exact", "exactly")).toBe(false);
  });
});
