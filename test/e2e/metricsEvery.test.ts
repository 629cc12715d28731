import { cpSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";
import { readRecords } from "../helpers/tfEventReader.ts";
import { readWandbFile } from "../helpers/wandbFileReader.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
const SCENARIO = join(FIXTURES, "modality_resume.toml");
const tempDir = tempDirsPerTest("sim-e2e-metrics-every-");
const lines = (file: string): string[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "");
const stepOf = (line: string): number => (JSON.parse(line) as { step: number }).step;

/** The event file's records after its three opening ones (file version, session start, custom scalars layout): one per row. */
function rowRecords(out: string): Buffer[] {
  const [file] = readdirSync(join(out, "tensorboard")).filter((name) => name.startsWith("events.out.tfevents."));
  return readRecords(readFileSync(join(out, "tensorboard", file as string)))
    .slice(3)
    .map((record) => Buffer.from(record.data));
}

/** The reduced W&B run's history records: step and items, without the record number (a count of records written). */
function wandbHistory(out: string): { step: number; items: unknown }[] {
  const link = readlinkSync(join(out, "wandb", "latest-run"));
  const records = readWandbFile(readFileSync(join(out, "wandb", link, `run-${link.slice(-8)}.wandb`)));
  return records.flatMap((record) => (record.type === "history" ? [{ step: record.step, items: record.items }] : []));
}

describe("sim run --metrics-every N", () => {
  it("writes, in every format, exactly the N = 1 run's rows at the multiples of N and at the last step", async () => {
    const dir = tempDir();
    const every1 = join(dir, "every-1");
    const every7 = join(dir, "every-7");
    expect((await runMain(["run", SCENARIO, "--out", every1, "--per-rank"])).status).toBe(0);
    const thinned = await runMain(["run", SCENARIO, "--out", every7, "--per-rank", "--metrics-every", "7"]);
    expect(thinned.status).toBe(0);
    expect(thinned.stdout).toContain("--steps 40 --metrics-every 7 --per-rank");
    const written = (step: number): boolean => step % 7 === 0 || step === 40;
    const full = lines(join(every1, "metrics.jsonl"));
    expect(lines(join(every7, "metrics.jsonl"))).toEqual(full.filter((line) => written(stepOf(line))));
    expect(lines(join(every7, "metrics.jsonl")).map(stepOf)).toEqual([7, 14, 21, 28, 35, 40]);
    expect(lines(join(every7, "metrics.per_rank.jsonl"))).toEqual(lines(join(every1, "metrics.per_rank.jsonl")).filter((line) => written(stepOf(line))));
    // The event file's row records are the same bytes (the fixed clock stamps a step, not a count of rows).
    const fullRecords = rowRecords(every1);
    expect(rowRecords(every7)).toEqual(
      full
        .map((line, i) => [stepOf(line), fullRecords[i]] as const)
        .filter(([step]) => written(step))
        .map(([, record]) => record),
    );
    expect(wandbHistory(every7)).toEqual(wandbHistory(every1).filter((record) => written(record.step)));
    expect(JSON.parse(readFileSync(join(every7, "artifacts.json"), "utf8"))).toMatchObject({ metrics_every: 7, steps: 40 });
    expect(readFileSync(join(every7, "scenario.resolved.toml"), "utf8")).toContain("metrics_every = 7");

    // Every reader takes the thinned run: replay re-runs all 40 steps and compares the 6 rows written.
    const replay = await runMain(["replay", every7]);
    expect(replay.stdout).toContain("identical (6 rows, steps 1..40");
    expect(replay.status).toBe(0);
    expect((await runMain(["report", every7, "--out", join(dir, "report.html")])).status).toBe(0);
    const history = join(dir, "history.jsonl");
    expect((await runMain(["export", "wandb-history", every7, "--out", history])).status).toBe(0);
    expect(lines(history).map((line) => (JSON.parse(line) as { _step: number })._step)).toEqual([7, 14, 21, 28, 35, 40]);
  });

  it("is refused when it is not an integer of at least 1 (exit 2)", async () => {
    const result = await runMain(["run", SCENARIO, "--out", join(tempDir(), "r"), "--metrics-every", "0"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--metrics-every must be an integer >= 1, got 0");
  });
});

describe("[run] metrics_every and golden files", () => {
  /** A project of one scenario (healthy_smoke with `metrics_every`, or without) and its shipped golden file. */
  function project(metricsEvery: number | undefined): string {
    const dir = tempDir();
    mkdirSync(join(dir, "scenarios"));
    cpSync(join(PROJECT_ROOT, "golden"), join(dir, "golden"), { recursive: true, filter: (source) => !source.endsWith(".jsonl") || source.endsWith("healthy_smoke.jsonl") });
    const toml = readFileSync(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"), "utf8");
    writeFileSync(join(dir, "scenarios/healthy_smoke.toml"), metricsEvery === undefined ? toml : toml.replace(/^steps = (\d+)$/m, `steps = $1\nmetrics_every = ${metricsEvery}`));
    return dir;
  }

  it("a golden file written at N = 1 is refused by a scenario at N = 10 (exit 2), until --update rewrites it; then check and --twice pass", async () => {
    const dir = project(10);
    const refused = await runMain(["check"], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      "golden/healthy_smoke.jsonl:1: expected step 10 (from step 1 on, the multiples of 10 and the last step (metrics_every = 10)), but found step 1: was the file written with another metrics_every",
    );
    expect((await runMain(["check", "--update"], { cwd: dir })).status).toBe(0);
    expect(lines(join(dir, "golden/healthy_smoke.jsonl")).map(stepOf)).toEqual(Array.from({ length: 20 }, (_, i) => 10 * (i + 1)));
    const twice = await runMain(["check", "--twice"], { cwd: dir });
    expect(twice.stderr).toBe("");
    expect(twice.status).toBe(0);
  });

  it("a golden file written at N = 10 is refused by the scenario at N = 1 (exit 2)", async () => {
    const dir = project(10);
    expect((await runMain(["check", "--update"], { cwd: dir })).status).toBe(0);
    writeFileSync(join(dir, "scenarios/healthy_smoke.toml"), readFileSync(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"), "utf8"));
    const refused = await runMain(["check"], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      "golden/healthy_smoke.jsonl:1: expected step 1 (steps count from 1 with no gaps), but found step 10: was the file written with another metrics_every",
    );
  });
});
