import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, SIM_BIN, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-e2e-check-interrupt-");
/** A cheap scenario of a million steps: its update is still drafting its golden file when the signal comes. */
const LONG = join(PROJECT_ROOT, "test/fixtures/run-scenarios/long_run.toml");
const TINY = join(PROJECT_ROOT, "test/fixtures/golden/scenarios/tiny_healthy.toml");
/** The golden file before the update: valid, and not what the run writes, so that a finished update would replace it. */
const OLD_GOLDEN = '{"step":1,"x":1}\n';

/** A project with scenarios/long_run.toml, scenarios/tiny_healthy.toml and an old golden/long_run.jsonl. */
function project(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "scenarios"));
  mkdirSync(join(dir, "golden"));
  copyFileSync(LONG, join(dir, "scenarios/long_run.toml"));
  copyFileSync(TINY, join(dir, "scenarios/tiny_healthy.toml"));
  writeFileSync(join(dir, "golden/long_run.jsonl"), OLD_GOLDEN);
  return dir;
}

/** The draft's temporary files in golden/ (`long_run.jsonl.<number>`). */
const drafts = (dir: string): string[] => readdirSync(join(dir, "golden")).filter((entry) => /^long_run\.jsonl\.\d+$/.test(entry));

/** Starts `sim check --update scenarios/long_run.toml` and waits until its draft holds some rows; the caller sends the signal. */
async function updateUnderWay(dir: string): Promise<{ child: ReturnType<typeof spawn>; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [SIM_BIN, "check", "--update", "scenarios/long_run.toml"], {
    cwd: dir,
    env: { ...process.env, CI: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  child.stdout.resume();
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 50_000;
  const drafting = (): boolean => drafts(dir).some((entry) => (statSync(join(dir, "golden", entry), { throwIfNoEntry: false })?.size ?? 0) > 0);
  while (!drafting() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(drafting()).toBe(true);
  return { child, stderr: () => stderr, exit };
}

describe("sim check --update, interrupted while it drafts a golden file", () => {
  it("SIGINT stops it mid-run: exit 130, the old golden file intact and no temporary left", async () => {
    const dir = project();
    const update = await updateUnderWay(dir);
    update.child.kill("SIGINT");
    expect(await update.exit).toBe(130);
    expect(update.stderr()).toMatch(/sim: check stopped after 0 scenarios \(interrupted by SIGINT\); no golden file was written\n/);
    expect(readFileSync(join(dir, "golden/long_run.jsonl"), "utf8")).toBe(OLD_GOLDEN);
    expect(readdirSync(join(dir, "golden"))).toEqual(["long_run.jsonl"]);
  }, 60_000);

  it("SIGKILL leaves the old golden file intact and the draft, which the next check reports and the next update removes", async () => {
    const dir = project();
    const update = await updateUnderWay(dir);
    update.child.kill("SIGKILL");
    await update.exit;
    expect(readFileSync(join(dir, "golden/long_run.jsonl"), "utf8")).toBe(OLD_GOLDEN);
    const [left] = drafts(dir);
    expect(left).toBeDefined();
    const reported = await runMain(["check", "scenarios/tiny_healthy.toml"], { cwd: dir });
    expect(reported.stderr).toContain(
      `sim: temporary files left in golden/ by an interrupted update found (run \`sim check --update\` to remove them, or delete them): golden/${left}\n`,
    );
    expect(existsSync(join(dir, "golden", left as string))).toBe(true);
    const removed = await runMain(["check", "--update", "scenarios/tiny_healthy.toml"], { cwd: dir });
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(`sim: temporary files left in golden/ by an interrupted update removed: golden/${left}\n`);
    expect(readdirSync(join(dir, "golden")).sort()).toEqual(["long_run.jsonl", "tiny_healthy.jsonl"]);
    expect(readFileSync(join(dir, "golden/long_run.jsonl"), "utf8")).toBe(OLD_GOLDEN);
  }, 60_000);
});
