import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../../../src/engine/simulate.ts";
import { UserError } from "../../../../src/errors.ts";
import { formatRow, formatRows } from "../../../../sim/format/jsonl.ts";
import { formatGoldenFileMatch } from "../../../../sim/verify/golden/formatGoldenFileMatch.ts";
import { GoldenFileError } from "../../../../sim/format/goldenFileError.ts";
import { matchGoldenFile } from "../../../../sim/verify/golden/matchGoldenFile.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../../../helpers/runCli.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");
const scenario = loadScenario(join(FIXTURES, "scenarios/tiny_healthy.toml"));
const rows = simulate(scenario.model, scenario.steps);
const tempDir = tempDirsPerTest("sim-match-golden-");
const compare = { update: false, ci: undefined };
const HINT = "`vitest -u`";

describe("matchGoldenFile", () => {
  it("matches the rows of the golden file's own scenario, path shown relative to cwd", async () => {
    const match = await matchGoldenFile(rows, "golden/tiny_healthy.jsonl", scenario.golden, compare, FIXTURES);
    expect(match).toMatchObject({ kind: "match", path: "golden/tiny_healthy.jsonl" });
    expect(formatGoldenFileMatch(match, HINT)).toMatch(/^the rows match golden\/tiny_healthy\.jsonl \(\d+ values\)$/);
  });

  it("finds a changed value within and beyond its tolerance, as sim check does", async () => {
    const changed = rows.map((row) => (row.step === 3 ? { ...row, "stream_mixing/active/remaining_max": row["stream_mixing/active/remaining_max"]! + 1 } : row));
    const exact = await matchGoldenFile(changed, "golden/tiny_healthy.jsonl", undefined, compare, FIXTURES);
    expect(exact.kind).toBe("mismatch");
    const loose = await matchGoldenFile(changed, "golden/tiny_healthy.jsonl", { abs: 1 }, compare, FIXTURES);
    expect(loose.kind).toBe("match");
  });

  it("writes a missing file under update, and then matches it", async () => {
    const file = join(tempDir(), "out.jsonl");
    const written = await matchGoldenFile(rows, file, undefined, { update: true, ci: undefined }, PROJECT_ROOT);
    expect(written).toMatchObject({ kind: "written", update: { kind: "new" } });
    expect(readFileSync(file, "utf8")).toBe(formatRows(rows));
    expect(formatGoldenFileMatch(written, HINT)).toMatch(/out\.jsonl: new \(written\)$/);
    expect((await matchGoldenFile(rows, file, undefined, compare, PROJECT_ROOT)).kind).toBe("match");
  });

  it("rewrites a changed file under update and leaves an unchanged one alone", async () => {
    const file = join(tempDir(), "out.jsonl");
    writeFileSync(file, formatRows(rows.map((row) => (row.step === 2 ? { ...row, extra: 1 } : row))));
    const written = await matchGoldenFile(rows, file, undefined, { update: true, ci: "0" }, PROJECT_ROOT);
    expect(written).toMatchObject({ kind: "written", update: { kind: "changed", stepsDiffering: 1 } });
    expect(readFileSync(file, "utf8")).toBe(formatRows(rows));
    expect((await matchGoldenFile(rows, file, undefined, { update: true, ci: undefined }, PROJECT_ROOT)).kind).toBe("match");
  });

  it("never writes when CI is set, and says so", async () => {
    const dir = tempDir();
    const missing = await matchGoldenFile(rows, "new.jsonl", undefined, { update: true, ci: "true" }, dir);
    expect(missing).toEqual({ kind: "missing", path: "new.jsonl", ciRefusedUpdate: "true" });
    expect(existsSync(join(dir, "new.jsonl"))).toBe(false);
    expect(formatGoldenFileMatch(missing, HINT)).toBe(
      "no golden file new.jsonl; run `vitest -u` locally to create it\nnot written: the environment variable CI is set (CI=true); golden files are written locally",
    );
    writeFileSync(join(dir, "old.jsonl"), formatRows(rows.slice(0, 4)));
    const differing = await matchGoldenFile(rows, "old.jsonl", undefined, { update: true, ci: "1" }, dir);
    expect(differing.kind).toBe("mismatch");
    expect(readFileSync(join(dir, "old.jsonl"), "utf8")).toBe(formatRows(rows.slice(0, 4)));
  });

  it("refuses a golden file corrupt before its first difference, rows that are not metrics rows and a path not ending in .jsonl", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.jsonl"), `${formatRow(rows[0]!)}\n{"step":3,"a":1}\n`);
    await expect(matchGoldenFile(rows, "bad.jsonl", undefined, compare, dir)).rejects.toThrow(GoldenFileError);
    await expect(matchGoldenFile(rows, "bad.jsonl", undefined, compare, dir)).rejects.toThrow("bad.jsonl:2: expected step 2 (steps count from 1 with no gaps), but found step 3");
    await expect(matchGoldenFile([], "x.jsonl", undefined, compare, dir)).rejects.toThrow(UserError);
    await expect(matchGoldenFile([{ step: 1, a: "x" }], "x.jsonl", undefined, compare, dir)).rejects.toThrow('metric "a" must be a number, but is "x"');
    await expect(matchGoldenFile(rows, "x.json", undefined, compare, dir)).rejects.toThrow("toMatchGoldenFile: x.json: a golden file's name ends in .jsonl");
  });
});
