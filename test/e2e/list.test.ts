import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-list-");

describe("sim list", () => {
  it("lists the repository's scenarios with their steps, world size and description", async () => {
    const result = await runMain(["list"]);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^scenario +steps +world size +description$/);
    expect(lines.find((line) => line.startsWith("healthy_smoke "))).toMatch(/^healthy_smoke +200 +8 +\S/);
    expect(lines.at(-1)).toBe("6 scenarios in scenarios");
  });

  it("prints one JSON document with --json, and nothing on stderr", async () => {
    const result = await runMain(["list", "scenarios", "--json"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const listed = JSON.parse(result.stdout) as {
      format: string;
      format_version: number;
      dir: string;
      scenarios: { file: string; name: string; steps: number; world_size: number; description: string }[];
    };
    expect(listed.format).toBe("sim-list");
    expect(listed.format_version).toBe(1);
    expect(listed.scenarios.map((scenario) => scenario.name)).toEqual([
      "diag_exhaust_spike",
      "diag_imbalanced_bs",
      "diag_stale_false_evict",
      "direct_layout",
      "healthy_smoke",
      "resume_reshard",
    ]);
    expect(listed.scenarios.find((scenario) => scenario.name === "healthy_smoke")).toMatchObject({ file: "scenarios/healthy_smoke.toml", steps: 200, world_size: 8 });
  });

  it("lists a file that does not load as invalid, with its first problem, and exits 2; one scenario is singular", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "mine"));
    cpSync(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"), join(dir, "mine/a.toml"));
    writeFileSync(join(dir, "mine/b.toml"), '[run]\nsteps = "many"\n');
    const result = await runMain(["list", "mine"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("mine/b.toml");
    expect(result.stdout).toContain("invalid: mine/b.toml: dataset is missing: expected a table");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("2 scenarios in mine, 1 invalid (sim validate mine/b.toml says why)");
    mkdirSync(join(dir, "one"));
    cpSync(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"), join(dir, "one/a.toml"));
    const one = await runMain(["list", "one"], { cwd: dir });
    expect(one.stdout.trimEnd().split("\n").at(-1)).toBe("1 scenario in one");
  });

  it("refuses a directory that is not there", async () => {
    const result = await runMain(["list", "nowhere"], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("sim: nowhere: not a directory of scenario files; give one (default scenarios/)\n");
  });
});
