import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { intOption, MAX_JOBS } from "../../../../sim/cli/commands/intOption.ts";

describe("intOption", () => {
  it("gives undefined for an absent option and the integer for digits from min up", () => {
    expect(intOption("steps", undefined, 1)).toBeUndefined();
    expect(intOption("steps", "1", 1)).toBe(1);
    expect(intOption("seed", "0", 0)).toBe(0);
    expect(intOption("jobs", " 12 ", 1, MAX_JOBS)).toBe(12);
  });

  it("refuses a fraction, a word or a value below min, naming the option and quoting what was given", () => {
    expect(() => intOption("jobs", "0", 1)).toThrow(new UserError("--jobs must be an integer >= 1, got 0"));
    expect(() => intOption("steps", "1.5", 1)).toThrow(new UserError("--steps must be an integer >= 1, got 1.5"));
    expect(() => intOption("seed", "abc", 0)).toThrow(new UserError('--seed must be an integer >= 0, got "abc"'));
    expect(() => intOption("steps", "1e3", 1)).toThrow(new UserError("--steps must be an integer >= 1, got 1e3"));
  });

  it("refuses a value past its bound, naming a harness limit where that is the bound, and an option given twice", () => {
    expect(() => intOption("jobs", String(MAX_JOBS + 1), 1, MAX_JOBS)).toThrow(new UserError(`--jobs ${MAX_JOBS + 1}: expected at most ${MAX_JOBS}`));
    expect(() => intOption("steps", "99999999999", 1, "steps")).toThrow(/--steps 99999999999: expected .*LIMITS\.steps/);
    expect(() => intOption("jobs", ["1", "2"], 1)).toThrow(new UserError("--jobs was given 2 times (1, 2); give it once"));
  });
});
