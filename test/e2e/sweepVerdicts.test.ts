import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runBuiltMain, runMain } from "../helpers/runMain.ts";

/**
 * `sim sweep status` believes no file it has not checked (issue 25): every completed
 * run's metrics.jsonl is held to the hash its artifacts.json recorded, so a run that lost rows, or whose recorded hash was edited, is "damaged", and
 * the command gives one verdict.
 */
const tempDir = tempDirsPerTest("sim-sweep-verdicts-");
const SMALL = join(PROJECT_ROOT, "test/fixtures/sweeps/small_sweep.toml");
const CONFIG = "small_sweep__ledger.capacity=16__seed=1";
let swept: string;

let cleanupSwept: (() => void) | undefined;
afterAll(() => cleanupSwept?.());

// On the built CLI, whose pool workers are built code: the sources' would load through
// tsx, about 0.6 s more CPU for the sweep (sweepInterrupts.test.ts). On one worker, as
// this file's other sweeps: what is tested is what status and a rerun make of the
// sweep's files, the same on any number of workers, and a second worker process costs
// more CPU to start (about 0.14 s) than its share of six 20-step configs.
beforeAll(async () => {
  const { dir, cleanup } = makeTempDir("sim-sweep-verdicts-gen-");
  cleanupSwept = cleanup;
  swept = join(dir, "sweep");
  const result = await runBuiltMain(["sweep", SMALL, "--out", swept, "--jobs", "1"]);
  expect(result.status, result.stderr).toBe(0);
});

function damagedCopy(edit: (runDir: string) => void): string {
  const copy = join(tempDir(), "sweep");
  cpSync(swept, copy, { recursive: true });
  edit(join(copy, CONFIG));
  return copy;
}

describe("sim sweep status", () => {
  it.each([
    [
      "metrics.jsonl lost its last 3 rows",
      (run: string) => writeFileSync(join(run, "metrics.jsonl"), readFileSync(join(run, "metrics.jsonl"), "utf8").split("\n").slice(0, -4).join("\n") + "\n"),
      "metrics_sha256",
    ],
    [
      "metrics_sha256 edited to zeros",
      (run: string) => {
        const file = join(run, "artifacts.json");
        writeFileSync(file, readFileSync(file, "utf8").replace(/"metrics_sha256": "[0-9a-f]+"/, `"metrics_sha256": "${"0".repeat(64)}"`));
      },
      "metrics_sha256",
    ],
    ["metrics.jsonl's last newline cut", (run: string) => writeFileSync(join(run, "metrics.jsonl"), readFileSync(join(run, "metrics.jsonl"), "utf8").trimEnd()), "metrics_sha256"],
    [
      "scenario.resolved.toml edited (its seed)",
      (run: string) => {
        const file = join(run, "scenario.resolved.toml");
        writeFileSync(file, readFileSync(file, "utf8").replace(/^seed = 1$/m, "seed = 7"));
      },
      "scenario.resolved.toml does not match artifacts.json's scenario_sha256",
    ],
    ["scenario.resolved.toml no longer TOML", (run: string) => writeFileSync(join(run, "scenario.resolved.toml"), "[run\n"), "scenario.resolved.toml:1"],
  ])("names a config whose %s as damaged, with one verdict (exit 1)", async (_what, edit, field) => {
    const sweep = damagedCopy(edit);
    const result = await runMain(["sweep", "status", sweep]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^damaged +${CONFIG}: .*${field}`, "m"));
    expect(result.stdout).toContain("incomplete: 5 of 6 configs complete; 1 damaged");
    expect(result.stdout).not.toContain("complete: all");
  });

  it("and a rerun of the sweep redoes the damaged config, after which it is complete", async () => {
    const sweep = damagedCopy((run) => writeFileSync(join(run, "metrics.jsonl"), "{}\n"));
    const rerun = await runBuiltMain(["sweep", SMALL, "--out", sweep, "--jobs", "1"]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain("6 configs, 5 already complete, 1 run, 0 failed");
  });
});

describe("a sweep file in a directory with a space, named with a space", () => {
  it("runs as `sim run` and `sim validate` take it: the config's run.name is the file's name with `_` for what a name may not hold", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "my dir"));
    writeFileSync(
      join(dir, "my dir/s w.toml"),
      readFileSync(SMALL, "utf8")
        .replace('extends = "../../../scenarios/healthy_smoke.toml"', `extends = ${JSON.stringify(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"))}`)
        .replace('name = "small_sweep"\n', ""),
    );
    const validate = await runMain(["validate", "my dir/s w.toml"], { cwd: dir });
    expect(validate.status, validate.stderr).toBe(0);
    const sweep = await runBuiltMain(["sweep", "my dir/s w.toml", "--out", "out", "--jobs", "1"], { cwd: dir });
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(readFileSync(join(dir, "out/s_w__ledger.capacity=16__seed=1/scenario.resolved.toml"), "utf8")).toContain('name = "s_w"');
  });
});
