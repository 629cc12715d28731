import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSweep } from "../../../../sim/execute/sweep/loadSweep.ts";
import { publishedSchemaFiles, SCHEMA_DIRECTORY } from "../../../../sim/input/scenario/publishedSchema.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";
import { runMain } from "../../../helpers/runMain.ts";

const TAPLO = join(PROJECT_ROOT, "node_modules/.bin/taplo");
const BROKEN_DIR = "test/fixtures/taplo";

interface TaploError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Runs taplo (@taplo/cli, its WASM build: no network) as an editor's language server
 * would check the files, each against the schema its `#:schema` directive names. Its
 * report is `error: <message>` followed by `┌─ <file>:<line>:<column>`.
 */
function taploCheck(files: readonly string[]): { status: number; errors: TaploError[]; output: string } {
  const result = spawnSync(TAPLO, ["check", "--no-auto-config", "--colors", "never", ...files], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  const errors = [...output.matchAll(/^error: (.+)\n\s*┌─ (.+?):(\d+):\d+$/gm)].map((m) => ({ message: m[1] as string, file: m[2] as string, line: Number(m[3]) }));
  return { status: result.status ?? -1, errors, output };
}

/**
 * One taplo over the repo's files and the broken ones together (a start of its WASM build
 * is about 1.8 s of CPU), made by the first test that reads it; each error names its
 * file, so the two tests below each take theirs.
 */
let checked: ReturnType<typeof taploCheck> | undefined;
const repoAndBroken = (): ReturnType<typeof taploCheck> => (checked ??= taploCheck([...repoFiles, ...BROKEN.map((broken) => `${BROKEN_DIR}/${broken.file}`)]));

const repoFiles = [
  ...readdirSync(join(PROJECT_ROOT, "scenarios"))
    .filter((name) => name.endsWith(".toml"))
    .map((name) => `scenarios/${name}`),
  ...readdirSync(join(PROJECT_ROOT, "sweeps"))
    .filter((name) => name.endsWith(".toml"))
    .map((name) => `sweeps/${name}`),
].sort();

/**
 * Each broken file, the line taplo must report and words of its message, and the words
 * of the harness's own refusal of the same key (`sim validate`; for the [sweep] table,
 * which only `sim sweep` reads, the sweep loader).
 */
const BROKEN = [
  { file: "typo_key.toml", line: 16, message: "'capacty' was unexpected", validate: "unknown key ledger.capacty; did you mean ledger.capacity?" },
  { file: "wrong_type.toml", line: 5, message: '"many" is not of type "integer"', validate: 'run.steps has the wrong type: expected an integer >= 1, but got "many" (a string)' },
  {
    file: "unknown_enum.toml",
    line: 8,
    message: '"nestd" is not one of ["nested","direct"]',
    validate: 'dataset.layout = "nestd": expected one of "nested", "direct"; did you mean "nested"?',
  },
  { file: "sweep_typo.toml", line: 8, message: "'axis' was unexpected", validate: 'sweep.axis: unknown key (did you mean "axes"?)' },
] as const;

describe("the published JSON Schemas", () => {
  it.each([...publishedSchemaFiles()])("schema/%s is the one publishedSchema.ts generates (run `npm run schema` after changing the schema)", (name, text) => {
    expect(readFileSync(join(PROJECT_ROOT, SCHEMA_DIRECTORY, name), "utf8")).toBe(text);
  });

  it("are named by a #:schema directive on the first line of every scenario and sweep file of the repo", () => {
    for (const file of repoFiles) {
      const wanted = file.startsWith("sweeps/") ? "sweep" : "scenario";
      expect(readFileSync(join(PROJECT_ROOT, file), "utf8").split("\n")[0], file).toBe(`#:schema ../schema/${wanted}.schema.json`);
    }
  });

  it("taplo finds nothing wrong in the repo's scenarios and sweeps", () => {
    const { errors, output } = repoAndBroken();
    expect(
      errors.filter((error) => !error.file.startsWith(join(PROJECT_ROOT, BROKEN_DIR, "/"))),
      output,
    ).toEqual([]);
    // Every error taplo printed is one of those parsed: none without a file went unread.
    expect(output.match(/^error: /gm)?.length ?? 0, output).toBe(errors.length);
  });

  it("taplo reports each broken file's mistake at its line, and sim validate refuses the same key", async () => {
    const { status, errors, output } = repoAndBroken();
    expect(status, output).not.toBe(0);
    for (const broken of BROKEN) {
      const found = errors.filter((error) => error.file.endsWith(`/${broken.file}`) && error.line === broken.line && error.message.includes(broken.message));
      expect(found.length, `${broken.file}:${broken.line} ${broken.message}\n${output}`).toBeGreaterThan(0);
      if (broken.file.startsWith("sweep")) {
        expect(() => loadSweep(`${BROKEN_DIR}/${broken.file}`)).toThrow(broken.validate);
        continue;
      }
      const validated = await runMain(["validate", `${BROKEN_DIR}/${broken.file}`]);
      expect(validated.status).toBe(2);
      expect(validated.stderr).toContain(broken.validate);
    }
    // Nothing else: each file has the one mistake it was written with.
    expect(
      errors.every((error) => BROKEN.some((broken) => error.file.endsWith(`/${broken.file}`) && error.message.includes(broken.message))),
      output,
    ).toBe(true);
  });
});
