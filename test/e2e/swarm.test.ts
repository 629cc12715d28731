import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runBuiltMain, runMain } from "../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-e2e-swarm-");

describe("sim swarm", () => {
  it("--runs 5 prints the seed first, a summary last, writes nothing, and exits 0", async () => {
    const cwd = tempDir();
    const result = await runBuiltMain(["swarm", "--runs", "5", "--seed", "3"], { cwd });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("swarm seed 3 (npx sim swarm --seed 3 --runs 5)");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^swarm seed 3: 5 runs, 25 checks, all held, \d+\.\d s$/);
    expect(existsSync(join(cwd, "swarm-failures"))).toBe(false);
  });

  it("without --seed draws one and prints it first, so that the swarm can be rerun", async () => {
    const result = await runBuiltMain(["swarm", "--runs", "1"], { cwd: tempDir() });
    expect(result.status).toBe(0);
    const seed = /^swarm seed (\d+) \(npx sim swarm --seed \1 --runs 1\)$/.exec(result.stdout.split("\n")[0] ?? "");
    expect(seed).not.toBeNull();
  });

  it("--replay runs every check on a project scenario through the real loader", async () => {
    const result = await runMain(["swarm", "--replay", join(PROJECT_ROOT, "scenarios/direct_layout.toml"), "--snapshot-step", "70"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("invariants, run-twice, fused-drain, exact-resume, ledger-replay held");
  });

  it("is listed in --help and documents its options", async () => {
    expect((await runMain(["--help"])).stdout).toMatch(/sim swarm +Run random scenarios derived from one seed/);
    const help = await runMain(["swarm", "--help"]);
    expect(help.status).toBe(0);
    for (const option of ["--runs", "--minutes", "--seed", "--jobs", "--shard", "--out", "--replay", "--check", "--snapshot-step"]) expect(help.stdout, option).toContain(option);
  });

  it("refuses a bad option with exit 2, no stack", async () => {
    const result = await runMain(["swarm", "--runs", "5", "--shard", "0/2"], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("sim: --shard 0/2: expected i/n with 1 <= i <= n <= 10000 (1-based: shards 1/3, 2/3 and 3/3 make a whole), e.g. --shard 2/3\n");
  });
});
