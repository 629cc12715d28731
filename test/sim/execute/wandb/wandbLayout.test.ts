import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projectNameProblem, utcStamp } from "../../../../sim/execute/wandb/wandbLayout.ts";

describe("utcStamp", () => {
  it("is the UTC date and time the JavaScript Date gives, for any second from 1970 to 2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7_258_118_400 }), (seconds) => {
        const iso = new Date(seconds * 1000).toISOString();
        expect(utcStamp(seconds)).toBe(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("projectNameProblem", () => {
  it("takes what W&B takes and names what it refuses: / \\ # ? % :, more than 128 characters, empty", () => {
    expect(projectNameProblem("stream-mixing-sim")).toBeUndefined();
    expect(projectNameProblem("team sims.v2_(a)")).toBeUndefined();
    expect(projectNameProblem("a/b")).toMatch(/contains "\/"/);
    for (const c of ["\\", "#", "?", "%", ":"]) expect(projectNameProblem(`x${c}y`)).toMatch(/W&B refuses/);
    expect(projectNameProblem("x".repeat(129))).toMatch(/129 characters/);
    expect(projectNameProblem("")).toMatch(/empty/);
  });
});
