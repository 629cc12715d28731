import { describe, expect, it } from "vitest";
import { AssertionError } from "../../../src/errors.ts";
import { MetricsRowBuilder, RowKeyOrder } from "../../../src/engine/metricsRow.ts";

describe("MetricsRowBuilder", () => {
  it("refuses a key emitted twice in one step, naming both emitters", () => {
    const row = new MetricsRowBuilder(3);
    row.emit("first emitter", { "ledger/evictions/lru": 1 });
    expect(() => row.emit("second emitter", { "ledger/evictions/lru": 1 })).toThrow(AssertionError);
    expect(() => row.emit("second emitter", { "ledger/evictions/lru": 2 })).toThrow(
      'metric "ledger/evictions/lru" emitted twice at step 3: by first emitter and by second emitter',
    );
  });

  it.each([NaN, Infinity, -Infinity])("refuses the non-finite value %s", (value) => {
    const row = new MetricsRowBuilder(2);
    expect(() => row.emit("e", { k: value })).toThrow(`e emitted k = ${value} at step 2; rows hold finite numbers only`);
  });

  it("refuses the reserved key step", () => {
    expect(() => new MetricsRowBuilder(1).emit("e", { step: 1 })).toThrow(/reserved key "step"/);
  });

  it("finishes with step first and the keys sorted", () => {
    const row = new MetricsRowBuilder(4);
    row.emit("a", { zeta: 1, alpha: 2 });
    row.emit("b", { mid: 3 });
    const out = row.finish();
    expect(Object.keys(out)).toEqual(["step", "alpha", "mid", "zeta"]);
    expect(out).toEqual({ step: 4, alpha: 2, mid: 3, zeta: 1 });
  });

  it("sorts each row's own keys when rows sharing a key order change their keys", () => {
    const order = new RowKeyOrder();
    const rowOf = (step: number, metrics: Record<string, number>): string[] => {
      const row = new MetricsRowBuilder(step, order);
      row.emit("e", metrics);
      return Object.keys(row.finish());
    };
    expect(rowOf(1, { b: 1, a: 2 })).toEqual(["step", "a", "b"]);
    expect(rowOf(2, { b: 1, a: 2 })).toEqual(["step", "a", "b"]);
    expect(rowOf(3, { d: 1, c: 2 })).toEqual(["step", "c", "d"]);
    expect(rowOf(4, { c: 1, b: 2, a: 3 })).toEqual(["step", "a", "b", "c"]);
  });
});

describe("MetricsRowBuilder's lists and restarts", () => {
  it("takes keys and values as lists as it takes them as a dict", () => {
    const fromDict = new MetricsRowBuilder(5);
    fromDict.emit("a", { zeta: 1, alpha: -0 });
    const fromLists = new MetricsRowBuilder(5);
    fromLists.emitValues("a", ["zeta", "alpha", "ignored"], Float64Array.of(1, -0, 9), 2);
    expect(fromLists.finish()).toStrictEqual(fromDict.finish());
  });

  it("builds after a restart the row a new builder on the same key order builds", () => {
    const order = new RowKeyOrder();
    const reused = new MetricsRowBuilder(1, order);
    const steps: Record<string, number>[] = [
      { x: 1, y: 2 },
      { x: 3, y: 4 },
      { y: 5, z: 6 },
      { x: 7, y: 8 },
    ];
    const rows = steps.map((metrics, i) => {
      reused.restart(i + 1);
      reused.emit("e", metrics);
      return reused.finish();
    });
    expect(rows).toStrictEqual([
      { step: 1, x: 1, y: 2 },
      { step: 2, x: 3, y: 4 },
      { step: 3, y: 5, z: 6 },
      { step: 4, x: 7, y: 8 },
    ]);
    reused.restart(5);
    reused.emit("a", { x: 1 });
    expect(() => reused.emit("b", { x: 2 })).toThrow('metric "x" emitted twice at step 5: by a and by b');
  });
});

describe("RowKeyOrder", () => {
  it("orders the keys as sort() does, after step, and remembers them for the next row", () => {
    const order = new RowKeyOrder();
    const keys = ["b/z", "a", "B", "b", "a/b", "é", "x_max", "x"];
    const template = order.remember(keys);
    expect(Object.keys(template)).toEqual(["step", ...[...keys].sort()]);
    expect(Object.values(template).every((value) => value === 0)).toBe(true);
    expect(order.lastKeys).toEqual(keys);
    expect(order.lastTemplate).toBe(template);
  });
});

describe("MetricsRowBuilder on a remembered key sequence", () => {
  // The second case: "a" follows the sequence at x and leaves it at w, so x was emitted
  // before the switch to the map of emitters, and is still "a"'s when "b" emits it.
  it.each([
    ["the step before had the same keys", { x: 1, y: 2 }],
    ["the emitter before left the sequence part-way", { x: 1, w: 2 }],
  ])("still refuses a key emitted twice when %s", (_case, secondKeys: Record<string, number>) => {
    const order = new RowKeyOrder();
    const first = new MetricsRowBuilder(1, order);
    first.emit("a", { x: 1, y: 2 });
    first.finish();
    const second = new MetricsRowBuilder(2, order);
    second.emit("a", secondKeys);
    expect(() => second.emit("b", { x: 3 })).toThrow('metric "x" emitted twice at step 2: by a and by b');
  });

  it("still refuses step and a non-finite value off and on the sequence", () => {
    const order = new RowKeyOrder();
    const first = new MetricsRowBuilder(1, order);
    first.emit("a", { x: 1 });
    first.finish();
    expect(() => new MetricsRowBuilder(2, order).emit("a", { x: NaN })).toThrow("a emitted x = NaN at step 2");
    expect(() => new MetricsRowBuilder(3, order).emit("a", { x: 1, step: 3 })).toThrow(/reserved key "step"/);
  });

  it("writes each step's own values when the keys repeat, whatever the split between emitters", () => {
    const order = new RowKeyOrder();
    const rows = [1, 2, 3].map((step) => {
      const row = new MetricsRowBuilder(step, order);
      if (step === 2) {
        row.emit("a", { z: step, m: step * 10 });
        row.emit("b", { b: step * 100 });
      } else {
        row.emit("a", { z: step });
        row.emit("b", { m: step * 10, b: step * 100 });
      }
      return row.finish();
    });
    expect(rows.map((row) => Object.keys(row))).toEqual([0, 1, 2].map(() => ["step", "b", "m", "z"]));
    expect(rows).toEqual([1, 2, 3].map((step) => ({ step, b: step * 100, m: step * 10, z: step })));
  });
});
