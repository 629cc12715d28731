import { afterEach, describe, expect, it } from "vitest";
import { MutantTypeChecker, newDiagnostics } from "../../../tools/mutate/typeCheck.ts";
import { makeTinyProject } from "./tinyProject.ts";

let cleanupProject: (() => void) | undefined;
afterEach(() => cleanupProject?.());

const clock = (): number => 0;

describe("MutantTypeChecker", () => {
  it("reports a mutant's new errors as tsc does, without positions, syntax errors alone, and forgets them once the file is back", async () => {
    const project = makeTinyProject("");
    cleanupProject = project.cleanup;
    const checker = await MutantTypeChecker.create(project.dir);
    expect(checker.check(new Map(), clock).diagnostics).toEqual([]);

    const mutated = checker.check(new Map([["src/add.ts", `export function add(a: number, b: number): number {\n  return "x";\n}\n`]]), clock);
    expect(mutated.diagnostics).toEqual(["src/add.ts: error TS2322: Type 'string' is not assignable to type 'number'."]);

    // The next mutant's program differs from this one by two files: the first is back on disk.
    const other = checker.check(new Map([["src/greeting.ts", `export const GREETING: string = 42;\n`]]), clock);
    expect(other.diagnostics).toEqual(["src/greeting.ts: error TS2322: Type 'number' is not assignable to type 'string'."]);
    expect(checker.check(new Map(), clock).diagnostics).toEqual([]);

    // A syntax error is reported alone, as tsc does: the type error beside it is not.
    const broken = checker.check(new Map([["src/add.ts", `export function add(a: number, b: number): number {\n  const s: number = "x";\n  return a +;\n}\n`]]), clock);
    expect(broken.diagnostics).toEqual(["src/add.ts: error TS1109: Expression expected."]);
  }, 60_000);
});

describe("newDiagnostics", () => {
  it("keeps only what the baseline does not already have", () => {
    expect(newDiagnostics(["a: error TS1: x", "b: error TS2: y"], ["a: error TS1: x"])).toEqual(["b: error TS2: y"]);
  });
});
