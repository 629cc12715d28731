import { describe, expect, it } from "vitest";
import { expectedPhrase, nearestKey } from "../../../../sim/input/scenario/schemaErrors.ts";

describe("nearestKey", () => {
  it("suggests a key within a couple of edits and nothing for an unrelated word", () => {
    expect(nearestKey("bss", ["modality", "streams", "cells", "bs"])).toBe("bs");
    expect(nearestKey("capacty", ["capacity", "wipe_mode"])).toBe("capacity");
    expect(nearestKey("Stale_Treshold", ["stale_threshold", "wipe_interval"])).toBe("stale_threshold");
    expect(nearestKey("zzzzzzzz", ["rel", "abs", "tolerance"])).toBeUndefined();
  });
});

describe("expectedPhrase", () => {
  it("states types, bounds, enums and a node's own `expected` phrase in words", () => {
    expect(expectedPhrase({ type: "integer", minimum: 1 })).toBe("an integer >= 1");
    expect(expectedPhrase({ type: "number", minimum: 0, maximum: 2 })).toBe("a number >= 0 and <= 2");
    expect(expectedPhrase({ enum: ["a", "b"] })).toBe('one of "a", "b"');
    expect(expectedPhrase({ type: "string", minLength: 1 })).toBe("a non-empty string");
    expect(expectedPhrase({ type: "boolean" })).toBe("a boolean (true or false)");
    expect(expectedPhrase({ type: "integer", description: "a step" })).toBe("a step");
    expect(expectedPhrase({ type: "integer", description: "what it means", expected: "a step" }, "expected")).toBe("a step");
  });
});
