import { describe, expect, it } from "vitest";
import { AssertionError } from "../../../src/errors.ts";
import { MetricsRowBuilder } from "../../../src/engine/metricsRow.ts";

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
});
