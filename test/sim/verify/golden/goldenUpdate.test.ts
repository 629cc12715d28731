import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { GoldenFileError } from "../../../../sim/format/goldenFileError.ts";
import { formatRows } from "../../../../sim/format/jsonl.ts";
import { MemoryGoldenStore } from "../../../../sim/verify/golden/goldenStore.ts";
import { applyGoldenUpdate, discardGoldenUpdate, findOrphanGoldens, GoldenDraftWriter, PLAN_PAUSE_LINES, planDraftedUpdate, planGoldenUpdate } from "../../../../sim/verify/golden/goldenUpdate.ts";
import { matchesKeyPattern } from "../../../../sim/format/keyPattern.ts";

const ROWS = [{ step: 1, b: 2, a: 1 }, { step: 2, a: 0.1, b: 1e-9 }] as unknown as MetricsRow[];
const TEXT = '{"step":1,"a":1,"b":2}\n{"step":2,"a":0.1,"b":1e-9}\n';

describe("golden updates", () => {
  it("plans a new file with the canonical text and writes it", async () => {
    const store = new MemoryGoldenStore();
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update).toMatchObject({ kind: "new", name: "demo" });
    // Planned, not written: the draft waits beside the file.
    expect(store.files.has("demo")).toBe(false);
    expect(store.openDrafts).toEqual(new Set(["demo"]));
    applyGoldenUpdate(update);
    expect(store.files.get("demo")).toBe(TEXT);
    expect(store.openDrafts.size).toBe(0);
  });

  it("does not write an unchanged file", async () => {
    const store = new MemoryGoldenStore({ demo: TEXT });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update).toEqual({ kind: "unchanged", name: "demo" });
    expect(store.openDrafts.size).toBe(0);
    applyGoldenUpdate(update);
    expect(store.writes).toEqual([]);
  });

  it("counts the steps that differ, added rows included", async () => {
    const store = new MemoryGoldenStore({ demo: '{"step":1,"a":1,"b":2}\n{"step":2,"a":0.2,"b":1e-9}\n{"step":3,"a":0,"b":0}\n' });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update.kind === "changed" && update.stepsDiffering).toBe(2);
  });

  it("refuses to plan over a corrupt golden file, so nothing is written and no draft is left", async () => {
    const store = new MemoryGoldenStore({ demo: '{"step":1,"a":1,"b":2}\n{"step":2,' });
    await expect(planGoldenUpdate(store, "demo", ROWS)).rejects.toThrow(GoldenFileError);
    expect(store.files.get("demo")).toBe('{"step":1,"a":1,"b":2}\n{"step":2,');
    expect(store.openDrafts.size).toBe(0);
  });

  it("a file of the same lines with other line ends changes with no step differing", async () => {
    const store = new MemoryGoldenStore({ demo: TEXT.replace(/\n/g, "\r\n") });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    expect(update).toMatchObject({ kind: "changed", stepsDiffering: 0 });
    applyGoldenUpdate(update);
    expect(store.files.get("demo")).toBe(TEXT);
  });

  it("awaits its pause every PLAN_PAUSE_LINES lines, and a pause that throws (a signal) ends the plan with the file as it was and no draft left", async () => {
    const rowsOf = (value: number) => Array.from({ length: 3 * PLAN_PAUSE_LINES + 5 }, (_, i) => ({ step: i + 1, a: value, b: 2 }) as unknown as MetricsRow);
    const old = formatRows(rowsOf(1));
    const store = new MemoryGoldenStore({ demo: old });
    const writer = new GoldenDraftWriter(await store.draft("demo"));
    for (const row of rowsOf(2)) writer.push(row);
    let pauses = 0;
    const stopAtSecond = async () => {
      if (++pauses === 2) throw new Error("interrupted by SIGINT");
    };
    await expect(planDraftedUpdate(store, writer.draft, undefined, stopAtSecond)).rejects.toThrow("interrupted by SIGINT");
    expect(pauses).toBe(2);
    expect(store.files.get("demo")).toBe(old);
    expect(store.openDrafts.size).toBe(0);

    // Without a stop, every line is compared, and the pause came once per PLAN_PAUSE_LINES of them.
    const again = new GoldenDraftWriter(await store.draft("demo"));
    for (const row of rowsOf(2)) again.push(row);
    pauses = 0;
    const update = await planDraftedUpdate(store, again.draft, undefined, async () => void pauses++);
    expect(update).toMatchObject({ kind: "changed", stepsDiffering: 3 * PLAN_PAUSE_LINES + 5 });
    expect(pauses).toBe(3);
  });

  it("a discarded update leaves the file as it was", async () => {
    const store = new MemoryGoldenStore({ demo: '{"step":1,"a":2,"b":2}\n' });
    const update = await planGoldenUpdate(store, "demo", ROWS);
    discardGoldenUpdate(update);
    expect(store.files.get("demo")).toBe('{"step":1,"a":2,"b":2}\n');
    expect(store.openDrafts.size).toBe(0);
    expect(store.writes).toEqual([]);
  });

  it("rows that fail half-way leave no draft", async () => {
    const store = new MemoryGoldenStore();
    function* failing(): Generator<MetricsRow> {
      yield ROWS[0] as MetricsRow;
      throw new Error("the engine failed");
    }
    await expect(planGoldenUpdate(store, "demo", failing())).rejects.toThrow("the engine failed");
    expect(store.openDrafts.size).toBe(0);
    expect(store.files.has("demo")).toBe(false);
  });

  it("plans as the whole texts compare: the same verdict and count as splitting both files into lines", async () => {
    const row = fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.constantFrom(0, 0.5, 1e-9) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean(), async (oldValues, newValues, crlf) => {
        const numbered = (values: typeof oldValues): MetricsRow[] => values.map((v, i) => ({ step: i + 1, ...v }) as MetricsRow);
        const oldText = formatRows(numbered(oldValues));
        const existing = crlf ? oldText.replace(/\n/g, "\r\n") : oldText;
        const contents = formatRows(numbered(newValues));
        const store = new MemoryGoldenStore({ demo: existing });
        const update = await planGoldenUpdate(store, "demo", numbered(newValues));
        // The plan of the whole texts in memory, as the update was planned before it streamed.
        const oldLines = oldText.split("\n");
        const newLines = contents.split("\n");
        let differing = 0;
        for (let i = 0; i < Math.max(oldLines.length, newLines.length) - 1; i++) if (oldLines[i] !== newLines[i]) differing++;
        if (existing === contents) expect(update).toEqual({ kind: "unchanged", name: "demo" });
        else expect(update).toMatchObject({ kind: "changed", stepsDiffering: differing });
        applyGoldenUpdate(update);
        expect(store.files.get("demo")).toBe(contents);
      }),
    );
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
