import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";
import { customScalarsLayoutOf, readEventFile, scalarEvents } from "../helpers/tfEventReader.ts";

const tempDir = tempDirsPerTest("sim-e2e-export-");
const EVENT_FILE = "events.out.tfevents.1577836800.stream-mixing-sim";
const rowsOf = (path: string): Record<string, number>[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, number>);

/** A run directory as runs were before event files: no tensorboard/, a format 1 manifest. */
async function oldRunDirectory(): Promise<string> {
  const run = join(tempDir(), "healthy_smoke");
  expect((await runMain(["run", "scenarios/healthy_smoke.toml", "--out", run, "--steps", "30", "--per-rank"])).status).toBe(0);
  return run;
}

describe("sim export", () => {
  it("is listed in --help, and its own --help names both formats and --out", async () => {
    expect((await runMain(["--help"])).stdout).toContain("sim export <format> <input..>");
    const help = await runMain(["export", "--help"]);
    expect(help.status).toBe(0);
    for (const text of ["tensorboard", "wandb-history", "--out"]) expect(help.stdout).toContain(text);
  });
});

describe("sim export tensorboard", () => {
  it("writes a golden file and an old run directory as TensorBoard runs side by side; the run's export equals the event files the run wrote", async () => {
    const run = await oldRunDirectory();
    const written = join(tempDir(), "as-written");
    renameSync(join(run, "tensorboard"), written);
    const logDir = join(tempDir(), "logs");
    const result = await runMain(["export", "tensorboard", join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"), run, "--out", logDir]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`view them: tensorboard --logdir ${logDir}`);
    expect(readdirSync(logDir).sort()).toEqual(["healthy_smoke", "healthy_smoke.golden"]);

    const golden = rowsOf(join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"));
    const all = readEventFile(readFileSync(join(logDir, "healthy_smoke.golden", EVENT_FILE)));
    expect(all.map((e) => e.step)).toEqual([0, 1, 0, ...golden.map((r) => r.step)]);
    expect(customScalarsLayoutOf(all)?.map((c) => c.title)).toEqual(["ledger", "stream_mixing"]);
    const events = scalarEvents(all);
    golden.forEach((row, i) => {
      expect(events[i]!.values).toEqual(
        Object.entries(row)
          .filter(([k]) => k !== "step")
          .map(([tag, v]) => ({ tag, simpleValue: Math.fround(v) })),
      );
    });

    // Exporting a run gives the very bytes the run streamed, ranks included.
    // (A run's file names carry its W&B run id, `wandb/latest-run`'s; a golden file's do not.)
    const runFile = `${EVENT_FILE}.${readlinkSync(join(run, "wandb", "latest-run")).slice(-8)}`;
    expect(readdirSync(written).filter((f) => f.startsWith("events."))).toEqual([runFile]);
    expect(readFileSync(join(logDir, "healthy_smoke", runFile))).toEqual(readFileSync(join(written, runFile)));
    for (const rank of ["rank-000", "rank-007"]) expect(readFileSync(join(logDir, "healthy_smoke", rank, runFile))).toEqual(readFileSync(join(written, rank, runFile)));
  });

  it("warns once on stderr when a counter passes 2^24", async () => {
    const dir = tempDir();
    const golden = join(dir, "big.jsonl");
    writeFileSync(golden, '{"step":1,"count":16777215}\n{"step":2,"count":16777217}\n{"step":3,"count":16777219}\n');
    const result = await runMain(["export", "tensorboard", golden, "--out", join(dir, "logs")]);
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^sim: warning: .*big\.jsonl: tensorboard: count = 16777217 at step 2 passes 2\^24/);
  });

  it("refuses what is neither a run directory nor a golden file with exit 2 naming it, and writes nothing", async () => {
    const dir = tempDir();
    const logDir = join(dir, "logs");
    writeFileSync(join(dir, "notes.txt"), "hello\n");
    for (const [input, message] of [
      ["notes.txt", /notes\.txt: not a run directory or a golden file/],
      ["missing", /missing: no such file or directory/],
      [".", /\.: not a run directory \(it has no metrics\.jsonl\)/],
    ] as const) {
      const result = await runMain(["export", "tensorboard", join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"), input, "--out", logDir], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(logDir)).toBe(false);
    }
  });

  it("refuses a truncated golden file naming its line, and two inputs that would share a run name", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "cut.jsonl"), '{"step":1,"a":1}\n{"step":2,"a"');
    const cut = await runMain(["export", "tensorboard", "cut.jsonl", "--out", "logs"], { cwd: dir });
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/cut\.jsonl:2: the last line does not end with a newline/);
    const twice = await runMain(["export", "tensorboard", join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"), join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"), "--out", "logs"], {
      cwd: dir,
    });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/would both be written to .*healthy_smoke\.golden/);
    expect(existsSync(join(dir, "logs"))).toBe(false);
  });
});

describe("sim export wandb-history", () => {
  it("prints a run's rows as W&B history JSONL (_step, then the keys), or writes them to --out", async () => {
    const run = await oldRunDirectory();
    rmSync(join(run, "tensorboard"), { recursive: true });
    const printed = await runMain(["export", "wandb-history", run]);
    expect(printed.status).toBe(0);
    const rows = rowsOf(join(run, "metrics.jsonl"));
    const history = printed.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(history).toHaveLength(30);
    history.forEach((entry, i) => {
      const { step, ...metrics } = rows[i]!;
      expect(Object.keys(entry)[0]).toBe("_step");
      expect(entry).toEqual({ _step: step, ...metrics });
    });
    const out = join(tempDir(), "history.jsonl");
    expect((await runMain(["export", "wandb-history", run, "--out", out])).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout);
  });

  it("refuses a completed run whose metrics.jsonl or metrics.per_rank.jsonl was cut at a line's end, as the report and replay do, where it exported the shorter run", async () => {
    const run = await oldRunDirectory();
    const cutAt = (name: string, keptSteps: number): string => {
      const text = readFileSync(join(run, name), "utf8");
      const lines = text.split("\n").filter((l) => l !== "");
      const perStep = lines.length / 30;
      writeFileSync(join(run, name), lines.slice(0, keptSteps * perStep).join("\n") + "\n");
      return text;
    };
    const metrics = cutAt("metrics.jsonl", 20);
    const cut = await runMain(["export", "wandb-history", run, "--out", join(run, "history.jsonl")]);
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/metrics\.jsonl:21: expected 30 rows \(steps 1\.\.30, as artifacts\.json records\), found 20: the file is truncated/);
    expect(existsSync(join(run, "history.jsonl"))).toBe(false);
    writeFileSync(join(run, "metrics.jsonl"), metrics);

    cutAt("metrics.per_rank.jsonl", 20);
    const logDir = join(tempDir(), "logs");
    const perRank = await runMain(["export", "tensorboard", run, "--out", logDir]);
    expect(perRank.status).toBe(2);
    expect(perRank.stderr).toMatch(/metrics\.per_rank\.jsonl:161: expected 240 rows \(steps 1\.\.30, 8 a step, as artifacts\.json records\), found 160: the file is truncated/);
    expect(existsSync(logDir)).toBe(false);
  });

  it("takes exactly one input", async () => {
    const result = await runMain(["export", "wandb-history", "golden/healthy_smoke.jsonl", "golden/direct_layout.jsonl"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/takes one run directory or golden file, but got 2/);
  });
});
