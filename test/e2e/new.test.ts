import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/input/scenario/loadScenario.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/** The projects the tests made, kept until the last test: it checks their scenarios with taplo. */
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function project(): string {
  const temp = makeTempDir("sim-new-");
  cleanups.push(temp.cleanup);
  mkdirSync(join(temp.dir, "scenarios"));
  return temp.dir;
}

/** The files the tests had sim new write, for taplo at the end. */
const written: string[] = [];

/** taplo over the files, each against the schema its #:schema directive names: what an editor shows. */
function taploErrors(files: readonly string[]): string {
  const result = spawnSync(join(PROJECT_ROOT, "node_modules/.bin/taplo"), ["check", "--no-auto-config", "--colors", "never", ...files], { cwd: PROJECT_ROOT, encoding: "utf8" });
  return result.status === 0 ? "" : `${result.stdout}${result.stderr}`;
}

describe("sim new", () => {
  it("writes a commented starting scenario into scenarios/ that validates as written, with no warning, and prints the next commands", async () => {
    const dir = project();
    const result = await runMain(["new", "my_first"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("wrote scenarios/my_first.toml\nnext:\n  npx sim validate scenarios/my_first.toml");
    expect(result.stdout).toContain("npx sim watch scenarios/my_first.toml");
    const text = readFileSync(join(dir, "scenarios/my_first.toml"), "utf8");
    expect(text.split("\n")[0]).toMatch(/^#:schema .*schema\/scenario\.schema\.json$/);
    expect(text).toContain('description = "TODO: what this scenario shows, in a sentence"');
    // Every section of the format is there, most of it commented with its default.
    for (const header of ["[run]", "[dataset]", "[[dataset.groups]]", "[ledger]", "# [resume]", "# [[expect]]", "# [golden]"]) expect(text).toContain(`\n${header}\n`);
    expect(text).toContain("# num_streams_mixed = 4  # K, the size of each rank's active set");
    const validated = await runMain(["validate", "scenarios/my_first.toml"], { cwd: dir });
    expect(validated).toEqual({ status: 0, stdout: "ok scenarios/my_first.toml\n", stderr: "" });
    written.push(join(dir, "scenarios/my_first.toml"));
  });

  it("refuses to overwrite a file (exit 2) and leaves it as it was", async () => {
    const dir = project();
    await runMain(["new", "taken"], { cwd: dir });
    const before = readFileSync(join(dir, "scenarios/taken.toml"), "utf8");
    const again = await runMain(["new", "taken", "--layout", "direct"], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("scenarios/taken.toml already exists: sim new never overwrites a file");
    expect(readFileSync(join(dir, "scenarios/taken.toml"), "utf8")).toBe(before);
    expect((await runMain(["new", "no way"], { cwd: dir })).status).toBe(2);
  });

  it("--layout direct writes streams by path, and the file validates", async () => {
    const dir = project();
    expect((await runMain(["new", "flat", "--layout", "direct"], { cwd: dir })).status).toBe(0);
    const scenario = loadScenario(join(dir, "scenarios/flat.toml"));
    expect(scenario.model.dataset.layout).toBe("direct");
    expect(scenario.model.dataset.streams?.map((stream) => stream.path)).toContain("data/atac/shard-000.zarr");
    written.push(join(dir, "scenarios/flat.toml"));
  });

  it("--from extends a scenario and shows what it inherits, commented; the file validates and runs the parent's model", async () => {
    const dir = project();
    cpSync(join(PROJECT_ROOT, "scenarios"), join(dir, "scenarios"), { recursive: true });
    const result = await runMain(["new", "my_diag", "--from", "scenarios/diag_stale_false_evict.toml"], { cwd: dir });
    expect(result.status).toBe(0);
    const text = readFileSync(join(dir, "scenarios/my_diag.toml"), "utf8");
    expect(text).toContain('extends = "diag_stale_false_evict.toml"');
    expect(text).toContain("# stale_threshold = 5  # `periodic_stale` only");
    expect(text).toContain('# [[dataset.groups]]\n# modality = "rna"');
    const validated = await runMain(["validate", "scenarios/my_diag.toml"], { cwd: dir });
    expect(validated.status).toBe(0);
    const child = loadScenario(join(dir, "scenarios/my_diag.toml"));
    expect(child.name).toBe("my_diag");
    expect(child.model).toEqual(loadScenario(join(dir, "scenarios/diag_stale_false_evict.toml")).model);
    written.push(join(dir, "scenarios/my_diag.toml"));
  });

  // One taplo for the three files (a start of its WASM build is about 1.8 s of CPU): its
  // report names the file and line of any mistake.
  it("writes files that taplo, as an editor runs it, finds nothing wrong in", () => {
    expect(written.map((file) => file.slice(file.lastIndexOf("/") + 1))).toEqual(["my_first.toml", "flat.toml", "my_diag.toml"]);
    expect(taploErrors(written)).toBe("");
  });
});
