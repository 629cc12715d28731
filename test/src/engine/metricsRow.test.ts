import { describe, expect, it } from "vitest";
import { AssertionError } from "../../../src/errors.ts";
import { MetricsRowBuilder, RowKeyOrder } from "../../../src/engine/metricsRow.ts";

describe("MetricsRowBuilder", () => {
  it("refuses a key emitted twice in one step, naming both emitters", () => {
    const row = new MetricsRowBuilder(3);
    row.emit("first emitter", { "ledger/evictions/lru": 1 });
    expect(() => row.emit("second emitter", { "ledger/evictions/lru": 1 })).toThrow(AssertionError);
    expect(() => row.emit("second emitter", { "ledger/evictions/lru": 2 })).toThrow('metric "ledger/evictions/lru" emitted twice at step 3: by first emitter and by second emitter');
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

describe("RowKeyOrder", () => {
  it("gives what sort() gives, whatever came before", () => {
    const order = new RowKeyOrder();
    expect(order.sorted(["y", "x"])).toEqual(["x", "y"]);
    expect(order.sorted(["y", "x"])).toEqual(["x", "y"]);
    expect(order.sorted(["y", "z"])).toEqual(["y", "z"]);
  });
});
