import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirsPerTest, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
const tempDir = tempDirsPerTest("sim-e2e-replay-");
async function freshRun(): Promise<string> {
  const out = join(tempDir(), "r");
  expect((await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", out])).status).toBe(0);
  return out;
}

describe("sim replay", () => {
  it("passes on a fresh run", async () => {
    const out = await freshRun();
    const result = await runMain(["replay", out]);
    expect(result.stdout).toMatch(/replay modality_resume: identical \(40 rows, steps 1\.\.40, seed 11\)/);
    expect(result.status).toBe(0);
  });

  it("fails with exit 1 naming the step and key after one value is edited, reading no further than that line", async () => {
    const out = await freshRun();
    const file = join(out, "metrics.jsonl");
    const rows = readFileSync(file, "utf8").split("\n");
    const row17 = JSON.parse(rows[16]!) as Record<string, number>;
    const original = row17["ledger/evictions/lru"];
    rows[16] = rows[16]!.replace(`"ledger/evictions/lru":${original},`, `"ledger/evictions/lru":${original! + 5},`);
    writeFileSync(file, rows.join("\n"));
    const result = await runMain(["replay", out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`DIFFERENT at metrics.jsonl line 17, step 17, key ledger/evictions/lru: expected (recorded) ${original! + 5}, actual (re-run) ${original}`);
    // The comparison stopped at line 17: the file's hash, which needs all of it, is not taken.
    expect(result.stdout).not.toMatch(/note: metrics\.jsonl was edited/);
  });

  it("notes an edit that leaves every row equal (a line end turned into CRLF): the whole file was read and hashed", async () => {
    const out = await freshRun();
    const file = join(out, "metrics.jsonl");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("\n", "\r\n"));
    const result = await runMain(["replay", out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /note: metrics\.jsonl was edited after the run: artifacts\.json records sha256 [0-9a-f]{64}, the file now has [0-9a-f]{64}\nreplay modality_resume: identical/,
    );
  });

  it("refuses a recorded value that is not a finite number (1e400 reads as Infinity): exit 2 naming the line", async () => {
    const out = await freshRun();
    const file = join(out, "metrics.jsonl");
    const rows = readFileSync(file, "utf8").split("\n");
    rows[2] = rows[2]!.replace(/"ledger\/evictions\/lru":\d+/, '"ledger/evictions/lru":1e400');
    writeFileSync(file, rows.join("\n"));
    const result = await runMain(["replay", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/metrics\.jsonl:3: metric "ledger\/evictions\/lru" must be a finite number/);
  });

  it("a run directory without its manifest or resolved scenario: exit 2 naming the file", async () => {
    const out = await freshRun();
    rmSync(join(out, "scenario.resolved.toml"));
    const noScenario = await runMain(["replay", out]);
    expect(noScenario.status).toBe(2);
    expect(noScenario.stderr).toMatch(/missing scenario\.resolved\.toml/);
    rmSync(join(out, "artifacts.json"));
    const noManifest = await runMain(["replay", out]);
    expect(noManifest.status).toBe(2);
    expect(noManifest.stderr).toMatch(/missing artifacts\.json \(the run's manifest/);
  });

  it("a resolved scenario that is not valid TOML: exit 2 naming the file, line and column", async () => {
    const out = await freshRun();
    writeFileSync(join(out, "scenario.resolved.toml"), "[run]\nsteps = = 3\n");
    const result = await runMain(["replay", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/scenario\.resolved\.toml:2:\d+: TOML parse error at line 2/);
  });

  it("a run file that is not a file: exit 2 naming it, no stack", async () => {
    const out = await freshRun();
    rmSync(join(out, "metrics.jsonl"));
    mkdirSync(join(out, "metrics.jsonl"));
    const result = await runMain(["replay", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/metrics\.jsonl: cannot read the run's metrics\.jsonl \(is a directory\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
