import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { readTomlFile } from "../../../../sim/input/scenario/readTomlFile.ts";
import { writeScenarioFiles } from "./scenarioFiles.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("readTomlFile", () => {
  it("returns plain objects (ordinary prototype, no symbol markers)", () => {
    const written = writeScenarioFiles({ "a.toml": `[run]\nsteps = 3\n[[x]]\ny = 1\n` });
    cleanup = written.cleanup;
    const table = readTomlFile(written.path("a.toml"));
    expect(table).toEqual({ run: { steps: 3 }, x: [{ y: 1 }] });
    expect(Object.getPrototypeOf(table.run)).toBe(Object.prototype);
    expect(Object.getOwnPropertySymbols(table)).toEqual([]);
  });

  it("reports a parse error with the file, 1-based line and column, and the parser's reason, without a stack", () => {
    const written = writeScenarioFiles({ "bad.toml": `[run]\nsteps = 10\nseed = = 3\n` });
    cleanup = written.cleanup;
    const file = written.path("bad.toml");
    let caught: unknown;
    try {
      readTomlFile(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    const lines = (caught as UserError).message.split("\n");
    expect(lines[0]).toBe(`${file}:3:8: TOML parse error at line 3, column 8: Unexpected character, expecting string, number, datetime, boolean, inline array or inline table`);
    expect(lines).toContain("    3> seed = = 3");
    expect((caught as UserError).message).not.toMatch(/\n\s+at /);
  });

  it("names a file that does not exist", () => {
    expect(() => readTomlFile("/nonexistent/x.toml")).toThrow(new UserError("/nonexistent/x.toml: cannot read the scenario file (no such file)"));
  });
});
