import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { loadCatalog, selectMutants } from "../../../tools/mutate/1-load-catalog.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-mutate-catalog-");

/** A project with one source file, one test and one scenario, and the given catalog. */
function project(catalog: string): string {
  const dir = tempDir();
  const files: Record<string, string> = {
    "src/add.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n// a + b again\n",
    "test/add.test.ts": "// a test\n",
    "scenarios/s.toml": "# a scenario\n",
    "mutants/catalog.toml": catalog,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const GOOD = `
[[mutant]]
id = "add-times"
description = "Multiplies instead of adding."
file = "src/add.ts"
find = "return a + b;"
replace = "return a * b;"
killed_by = [{ test = "test/add.test.ts", name = "sums" }, { scenario = "scenarios/s.toml" }]
`;

/** The CatalogError's message for `catalog`, after checking it is a user error with exit 2. */
function problemsOf(catalog: string): string {
  const root = project(catalog);
  try {
    loadCatalog(root);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return (error as UserError).message;
  }
  throw new Error("the catalog was accepted");
}

/** GOOD with its first entry's `line` (a `key = ...` line) replaced or removed, followed by `extra`. */
function variant(key: string, line: string | null, extra = ""): string {
  const lines = GOOD.split("\n").flatMap((l) => (l.startsWith(`${key} =`) ? (line === null ? [] : [line]) : [l]));
  return `${lines.join("\n")}\n${extra}`;
}

describe("loadCatalog", () => {
  it("reads a good catalog into mutants with their killers in order", () => {
    const catalog = loadCatalog(project(GOOD));
    expect(catalog.mutants).toEqual([
      {
        id: "add-times",
        description: "Multiplies instead of adding.",
        file: "src/add.ts",
        find: "return a + b;",
        replace: "return a * b;",
        killedBy: [
          { kind: "test", file: "test/add.test.ts", name: "sums" },
          { kind: "scenario", file: "scenarios/s.toml" },
        ],
      },
    ]);
  });

  it("names the entry (position and id) of a missing field", () => {
    expect(problemsOf(variant("find", null))).toContain(`[[mutant]] #1 (id "add-times"): is missing the field "find"`);
  });

  it("names an entry without an id by its position", () => {
    expect(problemsOf(variant("id", null))).toContain(`[[mutant]] #1 (no id): is missing the field "id"`);
  });

  it("says what type a field should have", () => {
    expect(problemsOf(variant("replace", "replace = 3"))).toContain(
      `[[mutant]] #1 (id "add-times"): field "replace" has the wrong type: it should be a string, but was a number (3)`,
    );
  });

  it("says what type a killer's optional field should have", () => {
    expect(problemsOf(variant("killed_by", `killed_by = [{ test = 5 }]`))).toContain(
      `[[mutant]] #1 (id "add-times"): field "killed_by[1].test" has the wrong type: it should be a string, but was a number (5)`,
    );
  });

  it("suggests the field an unknown one was meant to be", () => {
    expect(problemsOf(variant("find", `fnd = "return a + b;"`))).toContain(`has an unknown field "fnd" (did you mean "find"?)`);
  });

  it("rejects a file that does not exist", () => {
    expect(problemsOf(variant("file", `file = "src/nope.ts"`))).toContain(`[[mutant]] #1 (id "add-times"): file "src/nope.ts" does not exist`);
  });

  it("rejects a file outside the project", () => {
    expect(problemsOf(variant("file", `file = "../etc/passwd"`))).toContain(`file "../etc/passwd" is outside the project`);
  });

  it("says the source moved on when find matches nothing", () => {
    expect(problemsOf(variant("find", `find = "return a - b;"`))).toContain(
      `[[mutant]] #1 (id "add-times"): "find" no longer occurs in src/add.ts (the source moved on: update the catalog)`,
    );
  });

  it("rejects a find that matches several times", () => {
    expect(problemsOf(variant("find", `find = "a + b"`))).toContain(`"find" occurs 2 times in src/add.ts; it must occur exactly once`);
  });

  it("rejects a replace equal to find", () => {
    expect(problemsOf(variant("replace", `replace = "return a + b;"`))).toContain(`"replace" equals "find"`);
  });

  it("rejects a killer that names no test or scenario", () => {
    expect(problemsOf(variant("killed_by", `killed_by = [{ name = "sums" }]`))).toContain(`[[mutant]] #1 (id "add-times"): killed_by[1] names no test or scenario`);
  });

  it("rejects a killer that names both a test and a scenario", () => {
    expect(problemsOf(variant("killed_by", `killed_by = [{ test = "test/add.test.ts", scenario = "scenarios/s.toml" }]`))).toContain(
      `killed_by[1] names both a test and a scenario`,
    );
  });

  it("rejects a killer whose test or scenario file does not exist", () => {
    const message = problemsOf(variant("killed_by", `killed_by = [{ test = "test/gone.test.ts" }, { scenario = "scenarios/gone.toml" }]`));
    expect(message).toContain(`[[mutant]] #1 (id "add-times"): killed_by[1]: test "test/gone.test.ts" does not exist`);
    expect(message).toContain(`[[mutant]] #1 (id "add-times"): killed_by[2]: scenario "scenarios/gone.toml" does not exist`);
  });

  it("rejects an empty killed_by", () => {
    expect(problemsOf(variant("killed_by", `killed_by = []`))).toContain(`field "killed_by" is empty: name at least one test or scenario`);
  });

  it("rejects a duplicate id, naming both entries", () => {
    expect(problemsOf(`${GOOD}\n${GOOD}`)).toContain(`[[mutant]] #2 (id "add-times"): the id is already used by [[mutant]] #1`);
  });

  it("reports every problem at once, each under its own entry", () => {
    const message = problemsOf(`${variant("find", `find = "nowhere"`)}\n[[mutant]]\nid = "second"\n`);
    expect(message).toMatch(/the mutant catalog has \d+ problems:/);
    expect(message).toContain(`[[mutant]] #2 (id "second"): is missing the field "file"`);
  });

  it("points at the line of a TOML syntax error", () => {
    expect(problemsOf(`[[mutant]]\nid = "x\n`)).toMatch(/^mutants\/catalog\.toml:2:\d+: TOML parse error/);
  });

  it("says when the catalog file is missing", () => {
    const root = project(GOOD);
    expect(() => loadCatalog(root, "mutants/other.toml")).toThrow("mutants/other.toml: cannot read the mutant catalog (no such file)");
  });
});

describe("selectMutants", () => {
  it("keeps catalog order and refuses an unknown id with a suggestion", () => {
    const catalog = loadCatalog(project(GOOD));
    expect(selectMutants(catalog, ["add-times"]).map((m) => m.id)).toEqual(["add-times"]);
    expect(selectMutants(catalog, undefined)).toBe(catalog.mutants);
    expect(() => selectMutants(catalog, ["add-time"])).toThrow(`--only names no mutant of mutants/catalog.toml: "add-time" (did you mean "add-times"?); the ids are`);
  });
});
