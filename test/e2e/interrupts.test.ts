import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, SIM_BIN, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/** The cases that need a real process: a closed pipe and SIGKILL. */
const tempDir = tempDirsPerTest("sim-e2e-interrupts-");
const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");

describe("a real process", () => {
  it("sim run | true: output to a pipe closed before the summary ends quietly with exit 0", () => {
    const out = join(tempDir(), "r");
    // `true` exits at once, so the summary is written to a closed pipe (EPIPE), as with `| head -1` on a longer output.
    const result = spawnSync("/bin/bash", ["-c", `set -o pipefail; "${process.execPath}" "${SIM_BIN}" run "${join(FIXTURES, "direct_full_wipe.toml")}" --out "${out}" | true`], {
      encoding: "utf8",
      cwd: PROJECT_ROOT,
    });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(join(out, "events.jsonl"), "utf8")).toMatch(/COMPLETED/);
  });

  it("a SIGKILLed run is 'died' to a later reader once its heartbeat is stale, 'running' before", async () => {
    const out = join(tempDir(), "r");
    const child = spawn(process.execPath, [SIM_BIN, "run", join(FIXTURES, "long_run.toml"), "--out", out], { cwd: PROJECT_ROOT, stdio: "ignore" });
    const heartbeat = join(out, "heartbeat.json");
    const deadline = Date.now() + 50_000;
    while (!existsSync(heartbeat) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(readFileSync(join(out, "events.jsonl"), "utf8")).not.toMatch(/COMPLETED|FAILED/);
    const now = { isoNow: () => new Date().toISOString(), monotonicMs: () => 0, epochMs: () => Date.now() };
    const fresh = await runMain(["replay", out], { clock: now });
    expect(fresh.status).toBe(2);
    expect(fresh.stderr).toMatch(/the run is still running \(step \d+\)/);
    const later = { isoNow: () => new Date(Date.now() + 120_000).toISOString(), monotonicMs: () => 0, epochMs: () => Date.now() + 120_000 };
    const stale = await runMain(["replay", out], { clock: later });
    expect(stale.status).toBe(2);
    expect(stale.stderr).toMatch(/the run died: no COMPLETED or FAILED event and no heartbeat since \S+ \(last step \d+\); the process was killed/);
  }, 60_000);
});
