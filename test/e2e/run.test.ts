import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirsPerTest, PROJECT_ROOT, SIM_BIN } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";
import { customScalarsLayoutOf, readEventFile } from "../helpers/tfEventReader.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
const tempDir = tempDirsPerTest("sim-e2e-run-");
const read = (file: string): string => readFileSync(file, "utf8");
const lines = (file: string): string[] =>
  read(file)
    .split("\n")
    .filter((l) => l !== "");

describe("sim run", () => {
  it("is listed in --help with its options, beside replay, explain and ledger-replay", async () => {
    const top = await runMain(["--help"]);
    for (const command of ["sim run <scenario>", "sim replay <run-dir>", "sim explain <run-dir>", "sim ledger-replay <trace>"]) expect(top.stdout).toContain(command);
    const run = await runMain(["run", "--help"]);
    for (const option of ["--out", "--steps", "--seed", "--per-rank", "--snapshot-every", "--resume-from", "--trace"]) expect(run.stdout).toContain(option);
  });

  it("writes the run directory, prints the summary and the reproduce line", async () => {
    const out = join(tempDir(), "r");
    const result = await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", out, "--per-rank", "--trace", "--snapshot-every", "10"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/run modality_resume: completed; steps 1\.\.40 \(40 run\)/);
    expect(result.stdout).toMatch(/stream_mixing\/active\/steps_since_pick_max\s+\d+\s+\d+/);
    expect(result.stdout).toContain(`reproduce: npx sim run ${join(FIXTURES, "modality_resume.toml")} --seed 11 --steps 40 --per-rank --trace`);
    expect(lines(join(out, "metrics.jsonl"))).toHaveLength(40);
    expect(lines(join(out, "metrics.per_rank.jsonl"))).toHaveLength(160);
    expect(readdirSync(join(out, "snapshots")).sort()).toEqual(["step-10.json", "step-20.json", "step-30.json", "step-40.json"]);
    expect(read(join(out, "run.log"))).toMatch(/step 30 rank 0 INFO stream_mixing: resume on rank 0 truncated/);
    const artifacts = JSON.parse(read(join(out, "artifacts.json")));
    expect(artifacts).toMatchObject({ scenario: "modality_resume", seed: 11, steps: 40, first_step: 1 });
  });

  it("healthy_smoke leaves tensorboard/ whose event file the tests' independent decoder reads back as the rows, in float32", async () => {
    const out = join(tempDir(), "r");
    const result = await runMain(["run", "scenarios/healthy_smoke.toml", "--out", out]);
    expect(result.status).toBe(0);
    const artifacts = JSON.parse(read(join(out, "artifacts.json")));
    expect(artifacts).toMatchObject({ format_version: 4, metrics_every: 1, tensorboard_dir: "tensorboard", wandb_dir: "wandb", wandb_mode: "offline" });
    const files = readdirSync(join(out, artifacts.tensorboard_dir));
    expect(files).toEqual([`events.out.tfevents.1577836800.stream-mixing-sim.${artifacts.wandb_run_id}`]);
    const events = readEventFile(readFileSync(join(out, "tensorboard", files[0]!)));
    const rows = lines(join(out, "metrics.jsonl")).map((l) => JSON.parse(l) as Record<string, number>);
    expect(rows).toHaveLength(200);
    expect(events.map((e) => e.step)).toEqual([0, 1, 0, ...rows.map((r) => r.step)]);
    expect(events[1]!.sessionStart).toBe(true);
    expect(events[0]!.fileVersion).toBe("brain.Event:2");
    // The Custom Scalars layout: the report's families as multiline charts, ledger_wipe_count in the ledger category.
    expect(customScalarsLayoutOf(events)).toEqual([
      {
        title: "ledger",
        charts: [
          { title: "ledger/evictions/*", tags: ["^ledger/evictions/.*$"] },
          { title: "ledger/false_evictions/*", tags: ["^ledger/false_evictions/.*$"] },
          { title: "ledger_wipe_count", tags: ["^ledger_wipe_count(_max)?$"] },
        ],
      },
      {
        title: "stream_mixing",
        charts: [
          { title: "stream_mixing/active/modalities/*", tags: ["^stream_mixing/active/modalities/.*$"] },
          { title: "stream_mixing/active/remaining_fraction_{min,max}", tags: ["^stream_mixing/active/remaining_fraction_(min|max)$"] },
          { title: "stream_mixing/active/remaining_{min,max}", tags: ["^stream_mixing/active/remaining_(min|max)$"] },
        ],
      },
    ]);
    rows.forEach((row, i) => {
      expect(events[i + 3]!.values).toEqual(
        Object.entries(row)
          .filter(([k]) => k !== "step")
          .map(([tag, v]) => ({ tag, simpleValue: Math.fround(v) })),
      );
    });
  });

  it("--steps and --seed override the scenario and are recorded", async () => {
    const out = join(tempDir(), "r");
    expect((await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out, "--steps", "12", "--seed", "9"])).status).toBe(0);
    expect(JSON.parse(read(join(out, "artifacts.json")))).toMatchObject({ seed: 9, steps: 12 });
    expect(lines(join(out, "metrics.jsonl"))).toHaveLength(12);
  });

  it("refuses a foreign non-empty --out with exit 2 and touches nothing", async () => {
    const out = tempDir();
    writeFileSync(join(out, "keep.txt"), "x");
    const result = await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refusing to write the run into .*not empty and is not a previous run directory/);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
  });

  it("SIGINT stops a long run: FAILED event, exit 130, every row written kept", async () => {
    const out = join(tempDir(), "r");
    const child = spawn(process.execPath, [SIM_BIN, "run", join(FIXTURES, "long_run.toml"), "--out", out], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const metrics = join(out, "metrics.jsonl");
    const deadline = Date.now() + 50_000;
    while (!(existsSync(metrics) && read(metrics).length > 6000) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).toMatch(/run stopped after step \d+ \(interrupted by SIGINT\)/);
    expect(code).toBe(130);
    const events = lines(join(out, "events.jsonl")).map((l) => JSON.parse(l));
    const last = events[events.length - 1];
    expect(last).toMatchObject({ event: "FAILED", reason: "interrupted by SIGINT" });
    const rows = lines(metrics).map((l) => JSON.parse(l));
    // The file held more than 6000 bytes before the signal; its rows are about 600 bytes long.
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.map((r) => r.step)).toEqual(rows.map((_, i) => i + 1));
    expect(last.step).toBe(rows.length);
    expect(existsSync(join(out, "artifacts.json"))).toBe(false);
  });

  it.each(["diag_exhaust_spike", "diag_imbalanced_bs", "diag_stale_false_evict"])(
    "%s: the run's scenario.resolved.toml runs alone (its run.baseline a record, not a file to find), to the same metrics",
    async (name) => {
      const dir = tempDir();
      const first = await runMain(["run", `scenarios/${name}.toml`, "--out", join(dir, "first")]);
      expect(first.status, first.stderr).toBe(0);
      const resolved = join(dir, "first", "scenario.resolved.toml");
      expect(read(resolved)).toMatch(/^baseline = "healthy_smoke"$/m);
      const validated = await runMain(["validate", resolved]);
      expect(validated.status, validated.stderr).toBe(0);
      const again = await runMain(["run", resolved, "--out", join(dir, "again")]);
      expect(again.status, again.stderr).toBe(0);
      expect(read(join(dir, "again", "metrics.jsonl"))).toBe(read(join(dir, "first", "metrics.jsonl")));
      // The record's bytes, and so the scenario hash artifacts.json keeps, are the run's.
      expect(read(join(dir, "again", "scenario.resolved.toml"))).toBe(read(resolved));
      expect(JSON.parse(read(join(dir, "again", "artifacts.json"))).scenario_sha256).toBe(JSON.parse(read(join(dir, "first", "artifacts.json"))).scenario_sha256);
    },
  );
});

describe("sim run --resume-from", () => {
  for (const [fixture, steps] of [
    ["modality_resume", [10, 20, 30]],
    ["direct_full_wipe", [10, 30]],
  ] as const) {
    it(`${fixture}: the continued rows equal the uninterrupted run's rows byte for byte`, async () => {
      const root = tempDir();
      const file = join(FIXTURES, `${fixture}.toml`);
      expect((await runMain(["run", file, "--out", join(root, "full"), "--snapshot-every", "10"])).status).toBe(0);
      const full = lines(join(root, "full", "metrics.jsonl"));
      for (const step of steps) {
        const out = join(root, `from-${step}`);
        const result = await runMain(["run", file, "--out", out, "--resume-from", join(root, "full", "snapshots", `step-${step}.json`)]);
        expect(result.status).toBe(0);
        expect(read(join(out, "metrics.jsonl"))).toBe(full.slice(step).join("\n") + "\n");
        expect(JSON.parse(read(join(out, "artifacts.json")))).toMatchObject({ first_step: step + 1, resumed_from: { step } });
        expect((await runMain(["replay", out])).status).toBe(0);
      }
    });
  }

  it("refuses a snapshot of another scenario, a missing one, a truncated one and one past --steps, exit 2, nothing written", async () => {
    const root = tempDir();
    expect((await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", join(root, "full"), "--snapshot-every", "10"])).status).toBe(0);
    const snap = join(root, "full", "snapshots", "step-20.json");
    const out = join(root, "resumed");
    const other = await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", out, "--resume-from", snap]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(
      /snapshot belongs to another scenario: it was taken from "direct_full_wipe" with resolved-scenario sha256 [0-9a-f]{64}, but "modality_resume" resolves to sha256 [0-9a-f]{64}/,
    );
    const seed = await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out, "--seed", "4", "--resume-from", snap]);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/another scenario/);
    const truncated = join(root, "truncated.json");
    writeFileSync(truncated, read(snap).slice(0, 500));
    const cut = await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out, "--resume-from", truncated]);
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/truncated\.json:\d+:\d+: not a valid snapshot: invalid JSON \(the file looks truncated\)/);
    const missing = await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out, "--resume-from", join(root, "step-99.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/step-99\.json: cannot read the snapshot \(no such file\)/);
    const past = await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", out, "--steps", "15", "--resume-from", snap]);
    expect(past.status).toBe(2);
    expect(past.stderr).toMatch(/step 20, beyond --steps 15/);
    expect(existsSync(out)).toBe(false);
  });
});
