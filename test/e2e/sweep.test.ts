import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { cpSync, type Dirent, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT, SIM_BIN, tempDirsPerTest, type CliResult } from "../helpers/runCli.ts";
import { escapeRegExp } from "../helpers/escapeRegExp.ts";
import { runBuiltMain, runMain } from "../helpers/runMain.ts";
import type { SweepManifest } from "../../sim/execute/sweep/sweepManifest.ts";
import { pointOfManifest, sweepSha256Of } from "../../sim/execute/sweep/sweepSha256.ts";
import { readWandbFile } from "../helpers/wandbFileReader.ts";

const tempDir = tempDirsPerTest("sim-sweep-e2e-");
const SMALL = "test/fixtures/sweeps/small_sweep.toml";
const LONG = "test/fixtures/sweeps/long_sweep.toml";
/** LONG's configs in its order: the first is the long one, the others are short. */
const LONG_CONFIGS = [20000, 40, 41, 42].map((steps) => `long_sweep__run.steps=${steps}__seed=1`);
const CONFIGS = [16, 64].flatMap((capacity) => [1, 2, 3].map((seed) => `small_sweep__ledger.capacity=${capacity}__seed=${seed}`));
/** Files of a run that hold wall-clock data (times, rates), so they differ between any two runs. */
const WALL_CLOCK_FILES = new Set(["events.jsonl", "heartbeat.json"]);

/** Runs the real CLI as a separate process without blocking, so that several can run at once. */
function runCliAsync(args: readonly string[]): { pid: number; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [SIM_BIN, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, CI: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ status: code ?? (signal ? 128 : -1), stdout, stderr })));
  return { pid: child.pid as number, done };
}

/** The files of a run directory, subdirectories (tensorboard/, snapshots/) walked, less those holding wall-clock times. */
function runFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((f) => !WALL_CLOCK_FILES.has(f))
    .sort();
}

/** Directories that live as long as this file's tests (the shared sweeps below). */
const fileDirs: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of fileDirs.splice(0)) cleanup();
});

/**
 * Runs `compute` once for this file, the first time a test asks, and hands every test a
 * fresh copy of the directory it made: the sweeps themselves are what costs here (a
 * process and a pool of workers each), and a test that edits its copy cannot disturb
 * another.
 */
function copiedOnce(compute: (dir: string) => Promise<void> | void): () => Promise<string> {
  let made: Promise<string> | undefined;
  return async () => {
    made ??= (async () => {
      const { dir, cleanup } = makeTempDir("sim-sweep-shared-");
      fileDirs.push(cleanup);
      await compute(dir);
      return dir;
    })();
    const copy = join(tempDir(), "copy");
    cpSync(await made, copy, { recursive: true });
    return copy;
  };
}

/** A copy of SMALL swept once, whole, with two jobs. */
const sweptSmall = copiedOnce(async (dir) => {
  const result = await runBuiltMain(["sweep", SMALL, "--out", join(dir, "sweep"), "--jobs", "2"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});

async function sweepOnce(): Promise<string> {
  return join(await sweptSmall(), "sweep");
}

/** A copy of SMALL swept as shards 1/3, 2/3 and 3/3, run at once as separate processes into shard-1, shard-2 and shard-3. */
const sweptShards = copiedOnce(async (dir) => {
  const shards = [1, 2, 3].map((i) => runCliAsync(["sweep", SMALL, "--out", join(dir, `shard-${i}`), "--jobs", "1", "--shard", `${i}/3`]));
  for (const result of await Promise.all(shards.map((s) => s.done))) expect(result.status, result.stderr).toBe(0);
});

describe("sim sweep", () => {
  it("runs every config into its own directory, writes sweep.json and summary.csv, and ends with a passing status", async () => {
    const out = await sweepOnce();
    const manifest = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as { configs: { name: string; destination: string; point: unknown }[]; axes: string[] };
    expect(manifest.configs.map((c) => c.name)).toEqual(CONFIGS);
    expect(manifest.configs.map((c) => c.destination)).toEqual(CONFIGS);
    expect(manifest.axes).toEqual(["ledger.capacity", "seed"]);
    for (const config of CONFIGS) expect(existsSync(join(out, config, "artifacts.json"))).toBe(true);
    const summary = readFileSync(join(out, "summary.csv"), "utf8").trimEnd().split("\n");
    expect(summary).toHaveLength(CONFIGS.length + 1);
    expect(summary[0]).toMatch(/^config,ledger\.capacity,seed,status,.*ledger\/evictions\/lru:max,ledger\/evictions\/lru:sum,ledger\/evictions\/lru:last/);
    expect(summary[1]).toMatch(/^small_sweep__ledger\.capacity=16__seed=1,16,1,complete,/);

    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain("complete: all 6 configs have exactly one completed run in place");
    const statusJson = await runMain(["sweep", "status", out, "--json"]);
    expect(statusJson.status).toBe(0);
    expect(statusJson.stderr).toBe("");
    expect(JSON.parse(statusJson.stdout)).toMatchObject({
      format: "sim-sweep-status",
      format_version: 1,
      scenario: "small_sweep",
      complete: true,
      configs: 6,
      completed: 6,
      problems: [],
      strays: [],
    });

    const chart = await runMain(["sweep", "chart", out, "--metric", "ledger_wipe_count", "--stat", "last", "--x", "ledger.capacity", "--series", "seed", "--json"]);
    expect(chart.status, chart.stderr).toBe(0);
    const data = JSON.parse(chart.stdout) as { x: string[]; series: { name: string; count: number[] }[] };
    expect(data.x).toEqual(["16", "64"]);
    expect(data.series.map((s) => s.name)).toEqual(["seed=1", "seed=2", "seed=3"]);
    expect(data.series.map((s) => s.count)).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const badAxis = await runMain(["sweep", "chart", out, "--metric", "ledger_wipe_count", "--x", "ledger.capasity"]);
    expect(badAxis.status).toBe(2);
    expect(badAxis.stderr).toContain('--x/--series ledger.capasity: not a swept key of this sweep (did you mean "ledger.capacity"?); its keys are ledger.capacity, seed');
  });

  it("writes each config's run byte for byte as `sim run` of its resolved scenario does", async () => {
    const out = await sweepOnce();
    const config = CONFIGS[4] as string;
    const dir = tempDir();
    writeFileSync(join(dir, "config.toml"), readFileSync(join(out, config, "scenario.resolved.toml")));
    const single = await runMain(["run", join(dir, "config.toml"), "--out", join(dir, "run")]);
    expect(single.status).toBe(0);
    expect(runFiles(join(dir, "run"))).toEqual(runFiles(join(out, config)));
    expect(runFiles(join(out, config))).toContain("metrics.jsonl");
    for (const file of runFiles(join(out, config))) {
      if (file.endsWith(".wandb")) continue;
      expect(readFileSync(join(out, config, file), "utf8"), file).toBe(readFileSync(join(dir, "run", file), "utf8"));
    }
    // The W&B run differs only in its group: the sweep's id, so that W&B groups the sweep's configs.
    const [wandbFile] = runFiles(join(out, config)).filter((file) => file.endsWith(".wandb"));
    const inSweep = readWandbFile(readFileSync(join(out, config, wandbFile as string)));
    const alone = readWandbFile(readFileSync(join(dir, "run", wandbFile as string)));
    const manifest = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as { sweep_sha256: string };
    expect(inSweep[1]).toMatchObject({ type: "run", group: `sweep-${manifest.sweep_sha256.slice(0, 8)}` });
    expect(inSweep.map((r) => (r.type === "run" ? { ...r, group: "" } : r))).toEqual(alone.map((r) => (r.type === "run" ? { ...r, group: "" } : r)));
  });

  it("names a deleted run directory as missing and a run moved into another config's place as misrouted", async () => {
    const out = await sweepOnce();
    const [a, b, c] = CONFIGS as [string, string, string];
    rmSync(join(out, c), { recursive: true });
    rmSync(join(out, b), { recursive: true });
    renameSync(join(out, a), join(out, b));
    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain(`missing    ${c}: no run at ${join(out, c)}`);
    expect(status.stdout).toContain(`misrouted  ${a}: its completed run is at ${join(out, b)}, outside its destination ${join(out, a)}`);
    expect(status.stdout).toContain(`misrouted  ${b}: its destination ${join(out, b)} holds the run of config ${a}`);
    expect(status.stdout).toContain("incomplete: 3 of 6 configs complete; 1 missing, 2 misrouted");
  });

  it("names a run whose scenario or metrics changed after it ran as damaged, whether the scenario keeps the harness's layout or not", async () => {
    const out = await sweepOnce();
    const [a, b, c, d] = CONFIGS as [string, string, string, string];
    const scenario = (config: string): string => join(out, config, "scenario.resolved.toml");
    // A key edited in place (the layout the harness writes, read by its own reader), another config's scenario copied over, a comment added (the general parser's).
    writeFileSync(scenario(a), readFileSync(scenario(a), "utf8").replace(/^seed = 1$/m, "seed = 7"));
    writeFileSync(scenario(b), readFileSync(scenario(c), "utf8"));
    writeFileSync(scenario(c), `${readFileSync(scenario(c), "utf8")}# checked\n`);
    writeFileSync(join(out, d, "metrics.jsonl"), readFileSync(join(out, d, "metrics.jsonl"), "utf8").replace(/"step":1,/, '"step":1,"extra":0,'));
    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    const scenarioEdited = (config: string) =>
      new RegExp(
        `damaged    ${escapeRegExp(config)}: .*${escapeRegExp(scenario(config))} does not match artifacts.json's scenario_sha256 .*: the scenario was edited after the run`,
      );
    expect(status.stdout).toMatch(scenarioEdited(a));
    expect(status.stdout).toMatch(scenarioEdited(b));
    // A comment changes the bytes, not the scenario: still complete.
    expect(status.stdout).not.toContain(`${c}:`);
    expect(status.stdout).toMatch(new RegExp(`damaged    ${escapeRegExp(d)}: .*metrics.jsonl does not match artifacts.json's metrics_sha256`));
    expect(status.stdout).toContain("incomplete: 3 of 6 configs complete; 3 damaged");
    const summary = readFileSync(join(out, "summary.csv"), "utf8");
    expect(summary.split("\n").filter((line) => line.includes(",damaged,"))).toHaveLength(3);
  });

  it("names a completed run whose artifacts.json is not a run manifest as failed", async () => {
    const out = await sweepOnce();
    const config = CONFIGS[2] as string;
    const file = join(out, config, "artifacts.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(/"metrics_sha256": "[0-9a-f]+"/, '"metrics_sha256": "edited"'));
    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain(`failed     ${config}: ${join(out, config)}: events.jsonl records COMPLETED but artifacts.json is missing or broken`);
  });

  it("names a config run twice as duplicated", async () => {
    const out = await sweepOnce();
    const a = CONFIGS[0] as string;
    cpSync(join(out, a), join(out, "stray", a), { recursive: true });
    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain(`duplicated ${a}: 2 completed runs: ${join(out, a)}, ${join(out, "stray", a)}`);
  });

  it("runs shards 1/3, 2/3 and 3/3 as separate processes into separate directories that merge complete", async () => {
    const root = await sweptShards();
    const counts = [1, 2, 3].map((i) => readdirSync(join(root, `shard-${i}`)).filter((f) => f.startsWith("small_sweep__")).length);
    expect(counts).toEqual([2, 2, 2]);

    // A shard directory alone is incomplete for the whole sweep.
    const alone = await runMain(["sweep", "status", join(root, "shard-1")]);
    expect(alone.status).toBe(1);
    expect(alone.stdout).toContain("incomplete: 2 of 6 configs complete; 4 missing");
    // All three together are complete before any merge.
    expect((await runMain(["sweep", "status", ...[1, 2, 3].map((i) => join(root, `shard-${i}`))])).status).toBe(0);

    const merged = await runMain(["sweep", "merge", ...[1, 2, 3].map((i) => join(root, `shard-${i}`)), "--out", join(root, "merged")]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toContain("6 runs copied");
    expect(merged.stdout).toContain("complete: all 6 configs");
    // The merged summary is the one an unsharded sweep writes.
    expect(readFileSync(join(root, "merged", "summary.csv"), "utf8")).toBe(readFileSync(join(await sweepOnce(), "summary.csv"), "utf8"));
  });

  it("refuses to merge with a shard left out, naming the missing configs, and copies nothing", async () => {
    const root = await sweptShards();
    const missing = readdirSync(join(root, "shard-2")).filter((f) => f.startsWith("small_sweep__"));

    const merged = await runMain(["sweep", "merge", join(root, "shard-1"), join(root, "shard-3"), "--out", join(root, "merged")]);
    expect(merged.status).toBe(2);
    for (const config of missing) expect(merged.stderr).toContain(`missing ${config}: no completed run`);
    expect(existsSync(join(root, "merged"))).toBe(false);

    const status = await runMain(["sweep", "status", join(root, "shard-1"), join(root, "shard-3")]);
    expect(status.status).toBe(1);
    for (const config of missing) expect(status.stdout).toContain(`missing    ${config}`);
  });

  it("refuses to merge a config run twice with different results, and shards of another sweep", async () => {
    const a = await sweepOnce();
    const b = join(tempDir(), "copy");
    cpSync(a, b, { recursive: true });
    const config = CONFIGS[0] as string;
    // A different result, recorded as such: one metric of the last row changed, and its hash with it.
    const metricsFile = join(b, config, "metrics.jsonl");
    const metrics = readFileSync(metricsFile, "utf8").replace(/:(\d+)\}\n$/, (_all, n: string) => `:${Number(n) + 1}}\n`);
    writeFileSync(metricsFile, metrics);
    const artifactsFile = join(b, config, "artifacts.json");
    const artifacts = JSON.parse(readFileSync(artifactsFile, "utf8")) as { metrics_sha256: string };
    writeFileSync(artifactsFile, JSON.stringify({ ...artifacts, metrics_sha256: createHash("sha256").update(metrics).digest("hex") }));
    const conflict = await runMain(["sweep", "merge", a, b, "--out", join(tempDir(), "merged")]);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toContain(`config ${config} was run twice with different results`);

    const manifestFile = join(b, "sweep.json");
    const edited = readFileSync(manifestFile, "utf8");
    writeFileSync(manifestFile, edited.replace(/"sweep_sha256": "[0-9a-f]+"/, `"sweep_sha256": "${"1".repeat(64)}"`));
    const damaged = await runMain(["sweep", "merge", a, b, "--out", join(tempDir(), "merged")]);
    expect(damaged.status).toBe(2);
    expect(damaged.stderr).toContain(`${manifestFile}: its configs do not match its own sweep_sha256`);

    // The manifest of another sweep, sound in itself: one config fewer, and its own hash.
    const other = JSON.parse(edited) as SweepManifest;
    const configs = other.configs.slice(1);
    const sweep_sha256 = sweepSha256Of(configs.map((c) => ({ name: c.name, point: pointOfManifest(c.point), scenario_sha256: c.scenario_sha256, steps: c.steps })));
    writeFileSync(manifestFile, JSON.stringify({ ...other, sweep_sha256, configs }, null, 2) + "\n");
    const foreign = await runMain(["sweep", "merge", a, b, "--out", join(tempDir(), "merged")]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toContain(`${manifestFile} is of another sweep`);

    writeFileSync(manifestFile, readFileSync(join(a, "sweep.json"), "utf8").replace(/"harness_version": "[^"]+"/, '"harness_version": "0.0.0-other"'));
    const version = await runMain(["sweep", "merge", a, b, "--out", join(tempDir(), "merged")]);
    expect(version.status).toBe(2);
    expect(version.stderr).toContain("was written by harness 0.0.0-other");
  });

  it("names a config whose worker was killed as failed, and a rerun resumes without re-running finished configs", async () => {
    const out = join(tempDir(), "sweep");
    const sweep = runCliAsync(["sweep", LONG, "--out", out, "--jobs", "1"]);
    const first = join(out, LONG_CONFIGS[0] as string);
    // Wait until the first config is running, then kill its worker process.
    const deadline = Date.now() + 60_000;
    while (!(existsSync(join(first, "events.jsonl")) && readFileSync(join(first, "events.jsonl"), "utf8").includes("STARTED"))) {
      if (Date.now() > deadline) throw new Error("the first config never started");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const workers = readFileSync(`/proc/${sweep.pid}/task/${sweep.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    expect(workers).toHaveLength(1);
    process.kill(Number(workers[0]), "SIGKILL");
    const killed = await sweep.done;
    expect(killed.status).toBe(1);
    expect(killed.stderr).toContain(`config ${LONG_CONFIGS[0]} failed: Worker exited unexpectedly`);
    expect(killed.stdout).toMatch(new RegExp(`failed {5}${escapeRegExp(LONG_CONFIGS[0] as string)}: .*(never COMPLETED|artifacts.json is missing)`));
    expect(killed.stdout).toContain("incomplete: 3 of 4 configs complete; 1 failed");

    const finished = LONG_CONFIGS.slice(1).map((config) => join(out, config, "events.jsonl"));
    const before = finished.map((file) => readFileSync(file, "utf8"));
    const resumed = await runBuiltMain(["sweep", LONG, "--out", out, "--jobs", "1"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("4 configs, 3 already complete, 1 run, 0 failed");
    // events.jsonl holds wall-clock times: unchanged bytes mean the finished configs did not run again.
    expect(finished.map((file) => readFileSync(file, "utf8"))).toEqual(before);
  });

  it("stops on SIGINT with exit 130, and a rerun resumes", async () => {
    const out = join(tempDir(), "sweep");
    const sweep = runCliAsync(["sweep", LONG, "--out", out, "--jobs", "1"]);
    const first = join(out, LONG_CONFIGS[0] as string, "events.jsonl");
    const deadline = Date.now() + 60_000;
    while (!(existsSync(first) && readFileSync(first, "utf8").includes("STARTED"))) {
      if (Date.now() > deadline) throw new Error("the first config never started");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.kill(sweep.pid, "SIGINT");
    const stopped = await sweep.done;
    expect(stopped.status).toBe(130);
    expect(stopped.stderr).toContain("sim: sweep stopped (interrupted by SIGINT); rerun the same command to resume");
    expect(stopped.stderr).not.toContain("failed:");

    const status = await runMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain(`failed     ${LONG_CONFIGS[0]}: `);

    const resumed = await runBuiltMain(["sweep", LONG, "--out", out, "--jobs", "2"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/4 configs, [01] already complete/);
  });

  it.each([
    [["--shard", "0/3"], "--shard 0/3: expected i/n"],
    [["--shard", "4/3"], "--shard 4/3: expected i/n"],
    [["--shard", "a/b"], "--shard a/b: expected i/n"],
    [["--jobs", "0"], "--jobs must be an integer >= 1"],
  ])("refuses %j with exit 2 and runs nothing", async (flags, message) => {
    const out = join(tempDir(), "sweep");
    const result = await runMain(["sweep", SMALL, "--out", out, ...flags]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it("starts the longest configs first (steps x world size), whatever their order in the sweep, and writes the same files as in any order", async () => {
    const dir = tempDir();
    const file = join(dir, "uneven.toml");
    writeFileSync(
      file,
      `extends = ${JSON.stringify(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"))}\n\n[run]\nname = "uneven"\n\n[sweep]\nseeds = [1]\n\n[sweep.axes]\n"run.steps" = [40, 3000, 41]\n`,
    );
    const out = join(dir, "sweep");
    const swept = await runBuiltMain(["sweep", file, "--out", out, "--jobs", "1"]);
    expect(swept.status, swept.stderr).toBe(0);
    const events = (steps: number): { event: string; time: string }[] =>
      readFileSync(join(out, `uneven__run.steps=${steps}__seed=1`, "events.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { event: string; time: string });
    // One worker: the 3,000-step config, third in the sweep's order, ran to its end before either short one started.
    const longEnded = Date.parse((events(3000).at(-1) as { time: string }).time);
    for (const steps of [40, 41]) expect(Date.parse((events(steps)[0] as { time: string }).time)).toBeGreaterThanOrEqual(longEnded);
    const summary = readFileSync(join(out, "summary.csv"), "utf8").split("\n");
    expect(summary.slice(1, 4).map((line) => line.split(",")[0])).toEqual([40, 3000, 41].map((steps) => `uneven__run.steps=${steps}__seed=1`));
  });

  it("refuses a bad sweep file with exit 2, naming the key, and runs nothing", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.toml");
    writeFileSync(file, `extends = ${JSON.stringify(relative(dir, join(PROJECT_ROOT, SMALL)))}\n[sweep.axes]\n"ledger.capasity" = [1]\n`);
    const result = await runMain(["sweep", file, "--out", join(dir, "out")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"ledger.capasity" is not a scenario key (did you mean "ledger.capacity"?)');
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("treats a sweep file as its base scenario in sim validate and sim run", async () => {
    expect((await runMain(["validate", SMALL])).status).toBe(0);
    const out = join(tempDir(), "run");
    const run = await runMain(["run", SMALL, "--out", out]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(out, "scenario.resolved.toml"), "utf8")).not.toMatch(/^\[sweep/m);
  });
});

describe("sim sweep report", () => {
  it("writes DIR/report.html with a chart per metric that is not zero everywhere, and an SVG per chart with --images", async () => {
    const out = await sweepOnce();
    const images = join(tempDir(), "images");
    const result = await runMain(["sweep", "report", out, "--images", images]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const page = readFileSync(join(out, "report.html"), "utf8");
    const charts = [...page.matchAll(/<figure class="chart" data-metric="([^"]+)"/g)].map((match) => match[1]);
    expect(charts.length).toBeGreaterThan(0);
    // The sum against the only swept key besides the seed, the seeds averaged over.
    expect(charts.every((id) => id?.endsWith(":sum by ledger.capacity"))).toBe(true);
    expect(result.stdout).toBe(`report: ${join(out, "report.html")} (${charts.length} charts, 6 configs)\nimages: ${charts.length} SVG files in ${images}\n`);
    expect(readdirSync(images)).toHaveLength(charts.length);
    expect(page).toContain("axes: ledger.capacity (2: 16, 64) × seed (3: 1, 2, 3)");
    expect(page).toContain("6 configs, all complete");
    // summary.csv's table: a row per config.
    for (const config of CONFIGS) expect(page).toContain(`<td>${config}</td>`);
  });

  it("draws the charts asked for, each --stat/--x/--series given once for all or once per --metric", async () => {
    const out = await sweepOnce();
    const file = join(tempDir(), "r.html");
    const result = await runMain([
      "sweep",
      "report",
      out,
      "--out",
      file,
      "--metric",
      "ledger_wipe_count",
      "--metric",
      "stream_mixing/active/remaining_max",
      "--stat",
      "last",
      "max",
      "--x",
      "ledger.capacity",
      "--series",
      "seed",
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const page = readFileSync(file, "utf8");
    expect([...page.matchAll(/data-metric="([^"]+)"/g)].map((match) => match[1])).toEqual([
      "ledger_wipe_count:last by ledger.capacity per seed",
      "stream_mixing/active/remaining_max:max by ledger.capacity per seed",
    ]);
  });

  it("refuses bad input with exit 2 and a did-you-mean, writing nothing", async () => {
    const out = await sweepOnce();
    const file = join(tempDir(), "r.html");
    const cases: [string[], string][] = [
      [["sweep", "report", join(out, CONFIGS[0] as string), "--out", file], "sweep.json"],
      [
        ["sweep", "report", out, "--out", file, "--metric", "ledger_wipe_cont"],
        '--metric ledger_wipe_cont: no complete config of this sweep emitted it (did you mean "ledger_wipe_count"?)',
      ],
      [
        ["sweep", "report", out, "--out", file, "--metric", "ledger_wipe_count", "--x", "ledger.capasity"],
        '--x ledger.capasity: not a swept key of this sweep (did you mean "ledger.capacity"?); its keys are ledger.capacity, seed',
      ],
      [
        ["sweep", "report", out, "--out", file, "--metric", "ledger_wipe_count", "--metric", "ledger_wipe_count", "--metric", "ledger_wipe_count", "--x", "seed", "seed"],
        "--x is given 2 times for 3 --metric",
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runMain(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
      expect(existsSync(file)).toBe(false);
    }
    expect(existsSync(join(out, "report.html"))).toBe(false);
  });
});
