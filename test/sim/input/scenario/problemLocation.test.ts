import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { problemLocation } from "../../../../sim/input/scenario/problemLocation.ts";
import { makeTempDir } from "../../../helpers/runCli.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("problemLocation", () => {
  it("reads the line of a parse error, finds a key problem's line in the file that wrote it, and gives none for an option", () => {
    const temp = makeTempDir("sim-problem-location-");
    cleanup = temp.cleanup;
    writeFileSync(join(temp.dir, "s.toml"), "[run]\nsteps = 10\n\n[ledger]\ncapacty = 4\n");
    expect(problemLocation("s.toml:3:8: TOML parse error at line 3, column 8: Unexpected character", temp.dir)).toEqual({ file: "s.toml", line: 3 });
    expect(problemLocation("s.toml: unknown key ledger.capacty; did you mean ledger.capacity?", temp.dir)).toEqual({ file: "s.toml", line: 5 });
    expect(problemLocation('s.toml: run.steps has the wrong type: expected an integer >= 1, but got "x" (a string)', temp.dir)).toEqual({ file: "s.toml", line: 2 });
    expect(problemLocation("s.toml: resume.at_step = 50: expected a step <= run.steps = 10", temp.dir)).toEqual({ file: "s.toml" });
    expect(problemLocation("gone.toml: run is missing: expected a table", temp.dir)).toEqual({ file: "gone.toml" });
    expect(problemLocation("--steps: run.steps = 0: expected an integer >= 1", temp.dir)).toBeUndefined();
  });
});
