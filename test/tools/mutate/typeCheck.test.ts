import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
    expect(checker.baseline(clock).diagnostics).toEqual([]);

    const mutated = checker.check(new Map([["src/add.ts", `export function add(a: number, b: number): number {\n  return "x";\n}\n`]]), clock);
    expect(mutated.diagnostics).toEqual(["src/add.ts: error TS2322: Type 'string' is not assignable to type 'number'."]);

    // The next mutant's program differs from the unmutated one by its own file only: the first is back on disk.
    const other = checker.check(new Map([["src/greeting.ts", `export const GREETING: string = 42;\n`]]), clock);
    expect(other.diagnostics).toEqual(["src/greeting.ts: error TS2322: Type 'number' is not assignable to type 'string'."]);
    expect(checker.check(new Map(), clock).diagnostics).toEqual([]);

    // A syntax error is reported alone, as tsc does: the type error beside it is not.
    const broken = checker.check(new Map([["src/add.ts", `export function add(a: number, b: number): number {\n  const s: number = "x";\n  return a +;\n}\n`]]), clock);
    expect(broken.diagnostics).toEqual(["src/add.ts: error TS1109: Expression expected."]);
  }, 60_000);
});

describe("MutantTypeChecker on a project with errors of its own and a chain of imports", () => {
  // test/add.test.ts imports src/add.ts; src/twice.ts does, and test/twice.test.ts imports src/twice.ts.
  // src/add.ts and src/greeting.ts have a type error each already.
  const ADD_WITH_ERROR = (body: string, returns = "number"): string => `export function add(a: number, b: number): ${returns} {\n  const unused: string = 1;\n  ${body}\n}\n`;
  let checker: MutantTypeChecker;
  let cleanupShared: (() => void) | undefined;
  beforeAll(async () => {
    const project = makeTinyProject("", {
      "src/add.ts": ADD_WITH_ERROR("return a + b;"),
      "src/greeting.ts": `export const GREETING: string = 2;\n`,
      "src/twice.ts": `import { add } from "./add.ts";\nexport const twice = (a: number): ReturnType<typeof add> => add(a, a);\n`,
      "test/twice.test.ts": `import { expect, it } from "vitest";\nimport { twice } from "../src/twice.ts";\nconst four: number = twice(2);\nit("doubles", () => expect(four).toBe(4));\n`,
    });
    cleanupShared = project.cleanup;
    checker = await MutantTypeChecker.create(project.dir);
    // A file's own type errors are not the baseline's (it checks what spans the whole program).
    expect(checker.baseline(clock).diagnostics).toEqual([]);
  }, 60_000);
  afterAll(() => cleanupShared?.());

  it("does not count the errors the unmutated code already has, in the mutated file or elsewhere", () => {
    expect(checker.check(new Map([["src/add.ts", ADD_WITH_ERROR("return a - b;")]]), clock).diagnostics).toEqual([]);
    const worse = checker.check(new Map([["src/add.ts", ADD_WITH_ERROR(`return "x";`)]]), clock);
    expect(worse.diagnostics).toEqual(["src/add.ts: error TS2322: Type 'string' is not assignable to type 'number'."]);
  });

  it("checks the files importing a mutated file whose declarations changed, and those importing them", () => {
    // add now returns a string: fine in add.ts itself, an error two imports away.
    const widened = checker.check(new Map([["src/add.ts", ADD_WITH_ERROR("return String(a + b);", "string")]]), clock);
    expect(widened.diagnostics).toEqual(["test/twice.test.ts: error TS2322: Type 'string' is not assignable to type 'number'."]);
    const renamed = checker.check(new Map([["src/add.ts", ADD_WITH_ERROR("return a + b;").replace("function add", "function sum")]]), clock);
    expect(renamed.diagnostics).toEqual([
      `src/twice.ts: error TS2305: Module '"./add.ts"' has no exported member 'add'.`,
      `test/add.test.ts: error TS2305: Module '"../src/add.ts"' has no exported member 'add'.`,
    ]);
  });
});

describe("newDiagnostics", () => {
  it("keeps only what the baseline does not already have", () => {
    expect(newDiagnostics(["a: error TS1: x", "b: error TS2: y"], ["a: error TS1: x"])).toEqual(["b: error TS2: y"]);
  });
});
