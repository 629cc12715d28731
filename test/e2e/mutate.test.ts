import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, SIM_BIN } from "../helpers/runCli.ts";
import { mutateTableRows } from "../helpers/mutateTableRows.ts";
import { runBuiltMain } from "../helpers/runMain.ts";
import { makeTinyProject } from "../tools/mutate/tinyProject.ts";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function tiny(catalog: string): string {
  const project = makeTinyProject(catalog);
  cleanups.push(project.cleanup);
  return project.dir;
}

/** One mutant entry of the tiny project's catalog. */
function entry(id: string, file: string, find: string, replace: string, killers: string): string {
  return `[[mutant]]\nid = "${id}"\ndescription = "A mutant for the status test."\nfile = "${file}"\nfind = '${find}'\nreplace = '${replace}'\nkilled_by = [${killers}]\n`;
}

const ADD_ZERO = `{ test = "test/add.test.ts", name = "keeps zero" }`;
const ADD_SUMS = `{ test = "test/add.test.ts", name = "sums" }`;
const FAKE_CHECK = `{ scenario = "scenarios/fake.toml" }`;

/**
 * One `sim mutate` run, of one mutant of each status on two lanes, answers two tests: the
 * statuses and exit code it reports, and the temporary directory it leaves. Each was a
 * run of its own, and the second's (a mutant killed) was the same work as a part of the
 * first's: the snapshot, its type check, a warm vitest and a killer. It runs as a
 * process of its own, since its temporary directory (TMPDIR) is what the second test
 * looks at, and with a project whose vitest makes a directory in TMPDIR in its global
 * setup and removes it in its teardown, as this project's own test/globalSetup.ts does.
 */
describe("sim mutate on a tiny project, one run of every status", () => {
  let run: { status: number | null; stdout: string; stderr: string; tmpLeft: string[] };
  beforeAll(async () => {
    const project = makeTinyProject(
      [
        entry("killed-by-second", "src/add.ts", "a + b", "a * b", `${ADD_ZERO}, ${ADD_SUMS}`),
        entry("survives", "src/add.ts", "return a + b;", "return a * b;", ADD_ZERO),
        entry("unviable-types", "src/add.ts", "return a + b;", `return "x";`, ADD_SUMS),
        entry("unviable-load", "src/greeting.ts", `"hello"`, `(() => { throw new Error("boom at import"); })()`, `{ test = "test/greeting.test.ts" }`),
        entry("error-bad-input", "src/checkExit.ts", "= 0", "= 2", FAKE_CHECK),
        entry("killed-by-check", "src/checkExit.ts", "= 0", "= 1", FAKE_CHECK),
      ].join("\n"),
      {
        "vitest.config.ts": `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: ["test/**/*.test.ts"], globalSetup: ["test/globalSetup.js"] } });\n`,
        // JavaScript, outside the project's type check, which knows no Node modules (tinyProject.ts).
        "test/globalSetup.js": [
          `import { mkdtempSync, rmSync } from "node:fs";`,
          `import { tmpdir } from "node:os";`,
          `import { join } from "node:path";`,
          `export default function setup() {`,
          `  const dir = mkdtempSync(join(tmpdir(), "tiny-suite-"));`,
          `  return () => rmSync(dir, { recursive: true, force: true });`,
          `}`,
          ``,
        ].join("\n"),
      },
    );
    const tmp = makeTempDir("sim-mutate-tmpdir-");
    try {
      const child = spawn(process.execPath, [SIM_BIN, "mutate", "--jobs", "2"], { cwd: project.dir, env: { ...process.env, TMPDIR: tmp.dir }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      run = { status, stdout, stderr, tmpLeft: readdirSync(tmp.dir) };
    } finally {
      tmp.cleanup();
      project.cleanup();
    }
  }, 120_000);

  it("keeps killed, survived, unviable and error apart, and exits 1 unless all are killed", () => {
    expect(run.stderr).toContain("phase 3: 4 killers run on the unmutated code, 0 not passing");
    expect(mutateTableRows(run.stdout)).toEqual([
      ["killed-by-second", "killed", `test/add.test.ts -t "sums"`],
      ["survives", "survived", "-"],
      ["unviable-types", "unviable", "tsc"],
      ["unviable-load", "unviable", "test/greeting.test.ts"],
      ["error-bad-input", "error", "check scenarios/fake.toml"],
      ["killed-by-check", "killed", "check scenarios/fake.toml"],
    ]);
    expect(run.stdout).toContain("unviable-load (unviable): test/greeting.test.ts did not load: boom at import");
    expect(run.stdout).toContain("error-bad-input (error): bad input (exit 2): sim: exit 2");
    expect(run.stdout).toMatch(/^6 mutants: 2 killed, 1 survived, 2 unviable, 1 error in \d+\.\d s$/m);
    expect(run.status, run.stderr).toBe(1);
  });

  it("leaves nothing in the temporary directory, though a warm vitest is stopped before its global teardown", () => {
    expect(run.tmpLeft).toEqual([]);
  });
});

describe("sim mutate on a tiny project", () => {
  it("stops before mutating with exit 2 when a killer runs no test on the unmutated code", async () => {
    const dir = tiny(entry("filter-matches-nothing", "src/add.ts", "a + b", "a * b", `{ test = "test/add.test.ts", name = "no such test" }`));
    const result = await runBuiltMain(["mutate", "--jobs", "2"], { cwd: dir });
    expect(result.stderr).toContain("stopped before mutating anything");
    expect(result.stderr).toContain(`test/add.test.ts -t "no such test" proves nothing: no test ran (does the -t filter match a test name?) (named by filter-matches-nothing)`);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(2);
  });

  it("stops with exit 1 when a killer fails on the unmutated code", async () => {
    const project = makeTinyProject(entry("check-already-failing", "src/checkExit.ts", "CHECK_EXIT = 1", "CHECK_EXIT = 0", FAKE_CHECK), {
      "src/checkExit.ts": "export const CHECK_EXIT = 1;\n",
    });
    cleanups.push(project.cleanup);
    const result = await runBuiltMain(["mutate"], { cwd: project.dir });
    expect(result.stderr).toContain("check scenarios/fake.toml fails: FAIL golden mismatch at step 3 (named by check-already-failing)");
    expect(result.status).toBe(1);
  });

  it("refuses a bad catalog with exit 2, naming the entry", async () => {
    const dir = tiny(entry("moved-on", "src/add.ts", "return a - b;", "return a * b;", ADD_SUMS));
    const result = await runBuiltMain(["mutate"], { cwd: dir });
    expect(result.stderr).toContain(
      `sim: mutants/catalog.toml: the mutant catalog has 1 problem:\n  - [[mutant]] #1 (id "moved-on"): "find" no longer occurs in src/add.ts (the source moved on: update the catalog)`,
    );
    expect(result.status).toBe(2);
  });

  it("removes its temporary copies and exits 130 on SIGINT", async () => {
    const dir = tiny(entry("slow", "src/add.ts", "return a + b;", "return a * b;", `${ADD_ZERO}, ${ADD_ZERO}`));
    const child = spawn(process.execPath, [SIM_BIN, "mutate"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const workspaceRoot = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /snapshot in (\S+),/.exec(stderr);
        if (match !== null) resolve(match[1] as string);
      });
      child.on("close", () => reject(new Error(`sim mutate ended before its snapshot:\n${stderr}`)));
    });
    expect(existsSync(workspaceRoot)).toBe(true);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toContain("SIGINT: stopping the killers and removing the temporary copies");
    expect(code).toBe(130);
    expect(existsSync(workspaceRoot)).toBe(false);
  });
});
