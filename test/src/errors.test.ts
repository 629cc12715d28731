import { describe, expect, it } from "vitest";
import { describeValue } from "../../src/errors.ts";

describe("describeValue", () => {
  it("writes a value as a user would write it, and never throws", () => {
    expect(describeValue(undefined)).toBe("(missing)");
    expect(describeValue("rna")).toBe('"rna"');
    expect(describeValue([1, 2])).toBe("[1,2]");
    expect(describeValue(Number.NaN)).toBe("NaN");
    expect(describeValue(-Infinity)).toBe("-Infinity");
    expect(describeValue(2n ** 70n)).toBe("1180591620717411303424");
    expect(describeValue({ big: 2n ** 70n })).toBe('{"big":"1180591620717411303424"}');
    expect(describeValue(new Date(Date.UTC(2026, 0, 2)))).toBe("2026-01-02T00:00:00.000Z (a date)");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe("[object Object]");
  });
});
