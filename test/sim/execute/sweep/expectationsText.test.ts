import { describe, expect, it } from "vitest";
import { expectationsTextOf } from "../../../../sim/execute/sweep/expectationsText.ts";

describe("expectationsTextOf", () => {
  it("keeps the top-level [[expect]] blocks of the harness's layout and nothing else", () => {
    const text = '[[expect]]\nmetric = "a"\nop = "=="\n\n[ledger]\ncapacity = 16\n\n[[expect]]\nmetric = "b"\n\n[run]\nseed = 1\n';
    expect(expectationsTextOf(text)).toBe('[[expect]]\nmetric = "a"\nop = "=="\n\n[[expect]]\nmetric = "b"\n');
  });

  it("gives the whole text when expectations are written another way (an inline array), so that nothing is dropped", () => {
    const text = 'expect = [{ metric = "a" }]\n[run]\nseed = 1\n';
    expect(expectationsTextOf(text)).toBe(text);
  });
});
