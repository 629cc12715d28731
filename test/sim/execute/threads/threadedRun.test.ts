import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { runBuiltMain, runMain } from "../../../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-threads-");

// The runs on threads go through the built CLI (runBuiltMain), whose rank threads load the
// built block worker as the bin's do, not the sources through tsx.

/** Every file of a run directory, by path, as bytes in base64. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name)).toString("base64");
  }
  return files;
}

describe("sim run --threads", () => {
  it("writes the same run directory, byte for byte, on 1 and 3 threads, and a snapshot of one resumes on 2 into the same rows", async () => {
    const root = tempDir();
    const scenario = "scenarios/resume_reshard.toml";
    const one = join(root, "one");
    const three = join(root, "three");
    for (const [out, threads] of [
      [one, "1"],
      [three, "3"],
    ] as const) {
      const result = await runBuiltMain(["run", scenario, "--out", out, "--steps", "120", "--snapshot-every", "50", "--threads", threads]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    }
    // The only differences are the paths of the two directories in the summary, none in the files.
    expect(filesOf(three)).toEqual(filesOf(one));

    const resumed = join(root, "resumed");
    const result = await runBuiltMain(["run", scenario, "--out", resumed, "--steps", "120", "--resume-from", join(three, "snapshots/step-50.json"), "--threads", "2"]);
    expect(result.status).toBe(0);
    const tail = readFileSync(join(one, "metrics.jsonl"), "utf8").split("\n").slice(50).join("\n");
    expect(readFileSync(join(resumed, "metrics.jsonl"), "utf8")).toBe(tail);
  }, 120_000);

  it("refuses a thread count that is not a positive integer, naming the option", async () => {
    const result = await runMain(["run", "scenarios/healthy_smoke.toml", "--out", tempDir(), "--threads", "0"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--threads must be an integer >= 1, got 0");
  });
});

describe("sim check --threads", () => {
  it("passes the checked scenarios on 2 threads", async () => {
    const result = await runBuiltMain(["check", "scenarios/healthy_smoke.toml", "scenarios/resume_reshard.toml", "--threads", "2"]);
    expect(result.stdout).toContain("2 scenarios: 2 passed, 0 failed");
    expect(result.status).toBe(0);
  }, 120_000);
});
