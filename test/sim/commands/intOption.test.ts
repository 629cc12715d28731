import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { requireIntOption } from "../../../sim/commands/intOption.ts";

describe("requireIntOption", () => {
  it("accepts an absent option and integers from min up", () => {
    expect(() => requireIntOption("steps", undefined, 1)).not.toThrow();
    expect(() => requireIntOption("steps", 1, 1)).not.toThrow();
    expect(() => requireIntOption("seed", 0, 0)).not.toThrow();
  });

  it("refuses a fraction, NaN or a value below min, naming the option and the value", () => {
    expect(() => requireIntOption("jobs", 0, 1)).toThrow(new UserError("--jobs must be an integer >= 1, got 0"));
    expect(() => requireIntOption("steps", 1.5, 1)).toThrow(new UserError("--steps must be an integer >= 1, got 1.5"));
    expect(() => requireIntOption("seed", Number.NaN, 0)).toThrow(new UserError("--seed must be an integer >= 0, got NaN"));
  });
});
