import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyFixtureProject, FIXTURE_PROJECT } from "../helpers/fixtureProject.ts";
import { makeTempDir } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/** Each test gets a project-shaped temp dir: scenarios/ and golden/ copied from the fixtures. */
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dir, cleanup } = makeTempDir("sim-check-"));
  copyFixtureProject(dir);
});
afterEach(() => cleanup());

const golden = (name: string) => join(dir, "golden", `${name}.jsonl`);
const check = async (args: string[] = [], env: Record<string, string | undefined> = {}) => await runMain(["check", ...args], { cwd: dir, env });

/** Replaces one value in the golden file's line `step`, keeping the canonical format. */
function editGolden(name: string, step: number, from: string, to: string): void {
  const lines = readFileSync(golden(name), "utf8").split("\n");
  expect(lines[step - 1]).toContain(from);
  lines[step - 1] = (lines[step - 1] as string).replace(from, to);
  writeFileSync(golden(name), lines.join("\n"));
}

describe("sim check (end to end)", () => {
  it("passes the fixture scenarios against their golden files: exit 0", async () => {
    const result = await check();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("scenario      steps  golden  expect  signatures    time ms");
    expect(lines[1]).toMatch(/^tiny_healthy {5}12 {2}match {3}1\/1 {5}- +\d+$/);
    expect(lines[2]).toMatch(/^tiny_stale {7}12 {2}match {3}1\/1 {5}1\/1 separate +\d+$/);
    expect(result.stdout).toContain("2 scenarios: 2 passed, 0 failed\n");
  });

  it("names the first divergence after one golden value is edited: exit 1", async () => {
    editGolden("tiny_stale", 3, '"ledger_wipe_count":3,', '"ledger_wipe_count":4,');
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      [
        "FAIL tiny_stale (scenarios/tiny_stale.toml)",
        "  golden: the run differs from golden/tiny_stale.jsonl",
        "    First difference at step 3 key ledger_wipe_count: expected 4, actual 3",
      ].join("\n"),
    );
    expect(result.stdout).toContain("    Max absolute difference: 1 at step 3 key ledger_wipe_count\n    Max relative difference: 0.25 at step 3 key ledger_wipe_count\n");
    // The mismatch's block ends with the exact command that accepts the change.
    expect(result.stdout).toContain("    if the model's change is intended, accept it: npx sim check --update scenarios/tiny_stale.toml\n");
    expect(result.stdout).toContain("  reproduce: npx sim run scenarios/tiny_stale.toml --seed 5\n");
    expect(result.stdout).toContain("2 scenarios: 1 passed, 1 failed\n");
  });

  it("checks only the named scenarios", async () => {
    editGolden("tiny_stale", 3, '"ledger_wipe_count":3,', '"ledger_wipe_count":4,');
    const result = await check(["scenarios/tiny_healthy.toml"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("1 scenario: 1 passed, 0 failed\n");
  });

  it("fails a scenario without a golden file and does not create it: exit 1", async () => {
    rmSync(golden("tiny_healthy"));
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("  golden: no golden file golden/tiny_healthy.jsonl; run `sim check --update scenarios/tiny_healthy.toml` locally\n");
    expect(existsSync(golden("tiny_healthy"))).toBe(false);
  });

  it("reports a truncated golden file by file and line, overwriting nothing even with --update: exit 2", async () => {
    const text = readFileSync(golden("tiny_stale"), "utf8");
    const truncated = text.slice(0, text.length - 40);
    writeFileSync(golden("tiny_stale"), truncated);
    for (const args of [[], ["--update"]]) {
      const result = await check(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe("sim: golden/tiny_stale.jsonl:12: the last line does not end with a newline (the file looks truncated)\n");
      expect(readFileSync(golden("tiny_stale"), "utf8")).toBe(truncated);
    }
  });

  it("--update stopped by a corrupt golden file puts no drafted file in place and leaves no temporary: exit 2", async () => {
    // tiny_healthy (first by name) is planned as new, its text drafted beside it; tiny_stale's golden file then fails to parse.
    rmSync(golden("tiny_healthy"));
    const truncated = readFileSync(golden("tiny_stale"), "utf8").slice(0, -40);
    writeFileSync(golden("tiny_stale"), truncated);
    const result = await check(["--update"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("sim: golden/tiny_stale.jsonl:12: the last line does not end with a newline (the file looks truncated)\n");
    expect(readdirSync(join(dir, "golden"))).toEqual(["tiny_stale.jsonl"]);
    expect(readFileSync(golden("tiny_stale"), "utf8")).toBe(truncated);
  });

  it("refuses --update when CI is set unless --force, writing nothing: exit 2", async () => {
    rmSync(golden("tiny_healthy"));
    const refused = await check(["--update"], { CI: "true" });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe("sim: refusing --update: the environment variable CI is set (CI=true); golden files are written locally, or pass --force\n");
    expect(existsSync(golden("tiny_healthy"))).toBe(false);
    const forced = await check(["--update", "--force"], { CI: "true" });
    expect(forced.status).toBe(0);
    expect(readFileSync(golden("tiny_healthy"), "utf8")).toBe(readFileSync(join(FIXTURE_PROJECT, "golden/tiny_healthy.jsonl"), "utf8"));
  });

  it("--update reports new, unchanged and changed files and the orphans, and restores the bytes", async () => {
    editGolden("tiny_stale", 3, '"ledger_wipe_count":3,', '"ledger_wipe_count":4,');
    rmSync(golden("tiny_healthy"));
    writeFileSync(golden("retired"), '{"step":1}\n');
    const result = await check(["--update"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Golden files:\n  golden/tiny_healthy.jsonl: new\n  golden/tiny_stale.jsonl: changed: 1 step differs\n");
    expect(result.stdout).toContain("Golden files that no scenario owns (delete them or add their scenario): golden/retired.jsonl\n");
    for (const name of ["tiny_healthy", "tiny_stale"]) {
      expect(readFileSync(golden(name), "utf8")).toBe(readFileSync(join(FIXTURE_PROJECT, `golden/${name}.jsonl`), "utf8"));
    }
    const again = await check(["--update"]);
    expect(again.stdout).toContain("Golden files:\n  golden/tiny_healthy.jsonl: unchanged\n  golden/tiny_stale.jsonl: unchanged\n");
  });

  it("fails a diagnostic whose signature also holds on the baseline: exit 1", async () => {
    const file = join(dir, "scenarios/tiny_stale.toml");
    writeFileSync(file, readFileSync(file, "utf8").replace('stat = "sum"\nop = ">"\nvalue = 0', 'stat = "sum"\nop = ">="\nvalue = 0'));
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '  signature "stale evictions appear" does not separate from healthy: it also holds on tiny_healthy: sum of ledger/evictions/stale over steps 1..12 (12 steps) = 0, expected >= 0\n',
    );
  });

  it("reports a bad scenario as bad input without a stack: exit 2", async () => {
    writeFileSync(join(dir, "scenarios/broken.toml"), "[run]\nsteps = \n");
    const result = await check();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("broken.toml");
    expect(result.stderr).not.toContain("    at ");
    expect(result.stdout).toBe("");
  });
});

describe("sim check --twice on the project's scenarios", () => {
  it("audits determinism per scenario and passes", async () => {
    const result = await runMain(["check", "--twice", "scenarios/healthy_smoke.toml", "scenarios/diag_stale_false_evict.toml"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/healthy_smoke .* identical/);
    expect(result.stdout).toMatch(/diag_stale_false_evict .* identical/);
  });
});
