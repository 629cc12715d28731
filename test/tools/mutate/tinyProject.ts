import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT, makeTempDir } from "../../helpers/runCli.ts";

/**
 * A tiny project for `sim mutate` to work on: two source files, two test files and a
 * fake `bin/sim-dev.js` (the CLI run from sources, which mutant workspaces use) whose
 * `check` exits with the number written in src/checkExit.ts, so that each status (killed, survived, unviable by type check or by load failure, error)
 * can be produced in seconds. It is written at test time into a temporary directory:
 * kept as files under test/, its sources would join this project's own type check and
 * test run.
 *
 * Its TypeScript program is its own files, vitest's declarations and the ES2022 library,
 * and nothing its code does not use: not the DOM library (TypeScript's default for the
 * target) nor @types/node, which were 4.2 of its 5.1 MB of declarations and most of the
 * time each `sim mutate` run spends parsing it (about 0.5 s of CPU a run, 1 s in a fresh
 * process, of a program that took 0.7 and 2.4 s).
 */
export const TINY_FILES: Readonly<Record<string, string>> = {
  "package.json": `{ "type": "module", "private": true }\n`,
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        allowImportingTsExtensions: true,
        skipLibCheck: true,
        lib: ["ES2022"],
        types: [],
      },
      include: ["src", "test"],
    },
    null,
    2,
  ),
  "vitest.config.ts": `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: ["test/**/*.test.ts"] } });\n`,
  "src/add.ts": `export function add(a: number, b: number): number {\n  return a + b;\n}\n`,
  "src/greeting.ts": `export const GREETING: string = "hello";\n`,
  "src/checkExit.ts": `export const CHECK_EXIT = 0;\n`,
  "test/add.test.ts": [
    `import { describe, expect, it } from "vitest";`,
    `import { add } from "../src/add.ts";`,
    `describe("add", () => {`,
    `  it("sums two numbers", () => expect(add(2, 3)).toBe(5));`,
    `  it("keeps zero", () => expect(add(0, 0)).toBe(0));`,
    `});`,
    ``,
  ].join("\n"),
  "test/greeting.test.ts": [
    `import { expect, it } from "vitest";`,
    `import { GREETING } from "../src/greeting.ts";`,
    `it("greets", () => expect(GREETING.length).toBeGreaterThan(0));`,
    ``,
  ].join("\n"),
  "scenarios/fake.toml": `# The fake sim check exits with src/checkExit.ts's number.\n`,
  "bin/sim-dev.js": [
    `import { readFileSync } from "node:fs";`,
    `const source = readFileSync(new URL("../src/checkExit.ts", import.meta.url), "utf8");`,
    `const code = Number(/CHECK_EXIT = (\\d+)/.exec(source)[1]);`,
    `if (code !== 0) console.error(code === 1 ? "FAIL golden mismatch at step 3" : "sim: exit " + code);`,
    `process.exit(code);`,
    ``,
  ].join("\n"),
};

/** Writes the tiny project plus `catalog` (TOML text) into a fresh temp dir, with node_modules linked. */
export function makeTinyProject(catalog: string, extraFiles: Readonly<Record<string, string>> = {}): { dir: string; cleanup: () => void } {
  const temp = makeTempDir("sim-mutate-tiny-");
  for (const [file, text] of Object.entries({ ...TINY_FILES, ...extraFiles, "mutants/catalog.toml": catalog })) {
    mkdirSync(dirname(join(temp.dir, file)), { recursive: true });
    writeFileSync(join(temp.dir, file), text);
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(temp.dir, "node_modules"));
  return temp;
}
