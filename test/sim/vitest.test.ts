import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/simulate.ts";
import { formatRows } from "../../sim/format/jsonl.ts";
import { compareRows } from "../../sim/verify/golden/compareRows.ts";
import { formatGoldenMismatch } from "../../sim/verify/golden/formatGoldenComparison.ts";
import type { GoldenMismatch } from "../../sim/verify/golden/goldenComparison.ts";
import { parseMetricsText } from "../../sim/format/metricsRows.ts";
import { loadScenario } from "../../sim/input/scenario/loadScenario.ts";
import { updateRequested } from "../../sim/vitest.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");
const GOLDEN = join(FIXTURES, "golden/tiny_healthy.jsonl");
const scenario = loadScenario(join(FIXTURES, "scenarios/tiny_healthy.toml"));
const rows = simulate(scenario.model, scenario.steps);
const tempDir = tempDirsPerTest("sim-vitest-matcher-");
/** The golden path as a test in this directory names it: relative to the test file. */
const fromHere = (file: string): string => relative(import.meta.dirname, file);

describe("toMatchGoldenFile", () => {
  it("passes for the rows of the golden file's own scenario, with the scenario's tolerances or exactly", async () => {
    await expect(rows).toMatchGoldenFile(fromHere(GOLDEN), scenario.golden);
    await expect(rows).toMatchGoldenFile(fromHere(GOLDEN));
  });

  it("fails with sim check's first-difference lines and says how to accept the change", async () => {
    const changed = rows.map((row) => (row.step === 5 ? { ...row, "stream_mixing/active/remaining_min": 1.5 } : row));
    const expected = rows[4]!["stream_mixing/active/remaining_min"];
    const mismatch = compareRows(parseMetricsText(readFileSync(GOLDEN, "utf8"), GOLDEN), changed, scenario.golden) as GoldenMismatch;
    const message = [
      `the rows differ from ${fromHere(GOLDEN)}`,
      `  First difference at step 5 key stream_mixing/active/remaining_min: expected ${expected}, actual 1.5`,
      ...formatGoldenMismatch(mismatch)
        .slice(1)
        .map((line) => `  ${line}`),
      "if the change is intended, run `vitest -u` (vitest --update) locally to accept it",
    ].join("\n");
    await expect(expect(changed).toMatchGoldenFile(fromHere(GOLDEN), scenario.golden)).rejects.toThrow(message);
    expect(message).toContain("Mismatched values: 1 / ");
  });

  it("fails for a missing golden file with how to create it, and writes nothing without the update flag", async () => {
    const dir = tempDir();
    const file = fromHere(join(dir, "missing.jsonl"));
    // The suite itself may run under `vitest -u`; then the matcher writes, as it should.
    if (updateRequested(expect.getState())) {
      await expect(rows).toMatchGoldenFile(file);
      expect(readFileSync(join(dir, "missing.jsonl"), "utf8")).toBe(formatRows(rows));
      return;
    }
    await expect(expect(rows).toMatchGoldenFile(file)).rejects.toThrow(`no golden file ${file}; run \`vitest -u\` (vitest --update) locally to create it`);
    expect(existsSync(join(dir, "missing.jsonl"))).toBe(false);
  });

  it("cannot be negated", async () => {
    await expect(expect(rows).not.toMatchGoldenFile(fromHere(GOLDEN))).rejects.toThrow("toMatchGoldenFile cannot be negated");
  });
});

describe("updateRequested", () => {
  it("is true only when vitest's snapshot state updates everything (vitest -u)", () => {
    const state = (snapshotUpdateState?: string) => ({ snapshotState: { snapshotUpdateState } }) as never;
    expect(updateRequested(state("all"))).toBe(true);
    expect(updateRequested(state("new"))).toBe(false);
    expect(updateRequested(state("none"))).toBe(false);
    expect(updateRequested({} as never)).toBe(false);
  });
});

/**
 * A real vitest run of a one-test project that uses the matcher: the update flag writes
 * the golden file, and CI stops it as vitest stops its own snapshots.
 */
describe("toMatchGoldenFile under a real vitest run", () => {
  const project = (): string => {
    const dir = tempDir();
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(
      join(dir, "pin.test.ts"),
      `import { expect, it } from "vitest";\nimport ${JSON.stringify(join(PROJECT_ROOT, "sim/vitest.ts"))};\n` +
        `it("pins", async () => { await expect([{ step: 1, a: 1 }, { step: 2, a: 0.5 }]).toMatchGoldenFile("golden/pin.jsonl"); });\n`,
    );
    return dir;
  };
  const vitest = (dir: string, args: string[], env: Record<string, string>) => {
    // The suite itself may run in CI: the child sees CI only when a case sets it.
    const childEnv: Record<string, string | undefined> = { ...process.env };
    delete childEnv.CI;
    return spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules/vitest/vitest.mjs"), "run", "--root", dir, ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...childEnv, ...env },
    });
  };

  it("writes the missing golden file under -u, and refuses to when CI is set", () => {
    const dir = project();
    const inCi = vitest(dir, ["-u"], { CI: "true" });
    expect(inCi.status).toBe(1);
    expect(inCi.stdout + inCi.stderr).toContain("not written: the environment variable CI is set (CI=true); golden files are written locally");
    expect(existsSync(join(dir, "golden/pin.jsonl"))).toBe(false);

    const local = vitest(dir, ["-u"], {});
    expect(local.stdout + local.stderr).toContain("1 passed");
    expect(local.status).toBe(0);
    expect(readFileSync(join(dir, "golden/pin.jsonl"), "utf8")).toBe('{"step":1,"a":1}\n{"step":2,"a":0.5}\n');
  });
});
