import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirsPerTest, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";
import { readEventFile } from "../helpers/tfEventReader.ts";
import { readWandbFile } from "../helpers/wandbFileReader.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
const tempDir = tempDirsPerTest("sim-e2e-wandb-");

function latestRunRecords(out: string): ReturnType<typeof readWandbFile> {
  const link = readlinkSync(join(out, "wandb", "latest-run"));
  return readWandbFile(readFileSync(join(out, "wandb", link, `run-${link.slice(-8)}.wandb`)));
}

describe("sim run's W&B offline run", () => {
  it("--wandb-project names the W&B project and the reproduce line keeps it; artifacts.json names the run", async () => {
    const out = join(tempDir(), "r");
    const result = await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", out, "--wandb-project", "team sims"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--wandb-project "team sims"');
    const records = latestRunRecords(out);
    expect(records[1]).toMatchObject({ type: "run", project: "team sims", displayName: "modality_resume" });
    const artifacts = JSON.parse(readFileSync(join(out, "artifacts.json"), "utf8")) as Record<string, unknown>;
    expect(artifacts).toMatchObject({ wandb_dir: "wandb", wandb_mode: "offline", wandb_run_id: readlinkSync(join(out, "wandb", "latest-run")).slice(-8) });
  });

  it("refuses a --wandb-project W&B refuses, with exit 2 naming the option and the character, before writing anything", async () => {
    const out = join(tempDir(), "r");
    for (const project of ["team/sims", "a:b", "x".repeat(129), ""]) {
      const result = await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", out, "--wandb-project", project]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--wandb-project ".*": (it contains|it has 129 characters|it is empty)/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("--wall-time now stamps real time in the TensorBoard and W&B files (names included); the default stamps the fixed clock", async () => {
    const [fixed, now] = [join(tempDir(), "fixed"), join(tempDir(), "now")];
    expect((await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", fixed])).status).toBe(0);
    const epochS = Date.now() / 1000;
    const clock = { isoNow: () => new Date().toISOString(), monotonicMs: () => performance.now(), epochMs: () => Date.now() };
    expect((await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", now, "--wall-time", "now"], { clock })).status).toBe(0);
    expect(readdirSync(join(fixed, "tensorboard"))).toEqual([expect.stringMatching(/^events\.out\.tfevents\.1577836800\.stream-mixing-sim\.[a-z0-9]{8}$/)]);
    const [eventFile] = readdirSync(join(now, "tensorboard"));
    const stampS = Number(/tfevents\.(\d+)\./.exec(eventFile as string)?.[1]);
    expect(Math.abs(stampS - epochS)).toBeLessThan(600);
    const events = readEventFile(readFileSync(join(now, "tensorboard", eventFile as string)));
    for (const event of events) expect(Math.abs(event.wallTime - epochS)).toBeLessThan(600);
    expect(readlinkSync(join(now, "wandb", "latest-run"))).not.toMatch(/20200101_000000/);
    const history = latestRunRecords(now).filter((r) => r.type === "history");
    for (const record of history) {
      const timestamp = record.type === "history" ? (record.items.find((i) => i.path[0] === "_timestamp")?.value as number) : 0;
      expect(Math.abs(timestamp - epochS)).toBeLessThan(600);
    }
  });
});
