import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import TOML from "@iarna/toml";
import { describe, expect, it } from "vitest";
import { simulate } from "../../../../src/engine/simulate.ts";
import { formatRows } from "../../../../sim/format/jsonl.ts";
import { resolvedScenarioSha256, sha256Hex } from "../../../../sim/execute/run/scenarioHash.ts";
import { HARNESS_VERSION } from "../../../../sim/version.ts";
import { wandbRunId } from "../../../../sim/execute/wandb/wandbLayout.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { fixtureScenario } from "./fixtureScenarios.ts";
import { runToDir } from "./runInMemory.ts";
import { customScalarsLayoutOf, readEventFile, scalarEvents } from "../../../helpers/tfEventReader.ts";

const tempDir = tempDirsPerTest("sim-run-");
const events = (dir: string): Record<string, unknown>[] =>
  readFileSync(join(dir, "events.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("executeRun", () => {
  it("writes the run directory: rows equal to an in-memory run, manifest, lifecycle, heartbeat, log", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_modality_resume");
    const outcome = await runToDir({ scenario, outDir: dir, perRank: true, trace: true, snapshotEverySteps: 20 });
    const metrics = readFileSync(join(dir, "metrics.jsonl"), "utf8");
    expect(metrics).toBe(formatRows(simulate(scenario.model, scenario.steps)));
    const { files, ...artifacts } = JSON.parse(readFileSync(join(dir, "artifacts.json"), "utf8")) as { files: string[] };
    const idOf = (rank?: number): string =>
      wandbRunId({ scenarioSha256: resolvedScenarioSha256(scenario.resolved), seed: 11, steps: 40, firstStep: 1, ...(rank !== undefined ? { rank } : {}) });
    expect(artifacts).toEqual({
      format_version: 4,
      scenario: "nested_modality_resume",
      seed: 11,
      steps: 40,
      first_step: 1,
      harness_version: HARNESS_VERSION,
      scenario_sha256: resolvedScenarioSha256(scenario.resolved),
      metrics_sha256: sha256Hex(metrics),
      resumed_from: null,
      per_rank: true,
      trace: true,
      tensorboard_dir: "tensorboard",
      wandb_dir: "wandb",
      wandb_run_id: idOf(),
      wandb_mode: "offline",
      metrics_every: 1,
    });
    // Every W&B run's file, the reduced run's and a run per rank; their contents: wandbRunWriter.test.ts.
    expect(files.filter((f) => f.endsWith(".wandb"))).toEqual([idOf(), ...[0, 1, 2, 3].map(idOf)].map((id) => `wandb/offline-run-20200101_000000-${id}/run-${id}.wandb`).sort());
    expect(files.filter((f) => !f.startsWith("wandb/"))).toEqual([
      ".sim-run",
      "artifacts.json",
      "events.jsonl",
      "heartbeat.json",
      "metrics.jsonl",
      "metrics.per_rank.jsonl",
      "run.log",
      "scenario.resolved.toml",
      "snapshots/step-20.json",
      "snapshots/step-40.json",
      `tensorboard/events.out.tfevents.1577836800.stream-mixing-sim.${idOf()}`,
      ...[0, 1, 2, 3].map((rank) => `tensorboard/rank-00${rank}/events.out.tfevents.1577836800.stream-mixing-sim.${idOf()}`),
      "trace.jsonl",
    ]);
    expect(TOML.parse(readFileSync(join(dir, "scenario.resolved.toml"), "utf8"))).toEqual(scenario.resolved);
    const ev = events(dir);
    expect(ev[0]).toMatchObject({ event: "STARTED", scenario: "nested_modality_resume", seed: 11, steps: 40 });
    expect(ev[ev.length - 1]).toMatchObject({ event: "COMPLETED", step: 40 });
    expect(ev.every((e) => typeof e.time === "string")).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "heartbeat.json"), "utf8"))).toMatchObject({ status: "COMPLETED", last_step: 40 });
    expect(readFileSync(join(dir, "run.log"), "utf8")).toMatch(/INFO stream_mixing: resume on rank 0/);
    expect(outcome).toMatchObject({ status: "completed", firstStep: 1, lastStep: 40 });
  });

  it("writes tensorboard/ as the rows stream: every row's values as float32, per rank too, byte-identical across runs", async () => {
    const [first, second] = [tempDir(), tempDir()];
    const scenario = fixtureScenario("nested_modality_resume");
    for (const dir of [first, second]) await runToDir({ scenario, outDir: dir, perRank: true, trace: false });
    const file = `events.out.tfevents.1577836800.stream-mixing-sim.${wandbRunId({ scenarioSha256: resolvedScenarioSha256(scenario.resolved), seed: 11, steps: 40, firstStep: 1 })}`;
    const rowsOf = (path: string): Record<string, number>[] =>
      readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, number>);
    const expectEvents = (eventFile: string, rows: Record<string, number>[], drop: string[]): void => {
      const all = readEventFile(readFileSync(eventFile));
      expect(all[0]).toMatchObject({ step: 0, fileVersion: "brain.Event:2" });
      // The reduced run's file holds the Custom Scalars layout at step 0 too; the ranks' files do not.
      expect(customScalarsLayoutOf(all) !== undefined).toBe(!drop.includes("rank"));
      const events = scalarEvents(all);
      expect(events.map((e) => e.step)).toEqual(rows.map((r) => r.step));
      rows.forEach((row, i) => {
        const expected = Object.entries(row)
          .filter(([k]) => !drop.includes(k))
          .map(([tag, value]) => ({ tag, simpleValue: Math.fround(value) }));
        expect(events[i]!.values).toEqual(expected);
      });
    };
    expectEvents(join(first, "tensorboard", file), rowsOf(join(first, "metrics.jsonl")), ["step"]);
    const perRank = rowsOf(join(first, "metrics.per_rank.jsonl"));
    for (const rank of [0, 1, 2, 3]) {
      expectEvents(
        join(first, "tensorboard", `rank-00${rank}`, file),
        perRank.filter((r) => r.rank === rank),
        ["step", "rank"],
      );
      expect(readFileSync(join(first, "tensorboard", `rank-00${rank}`, file))).toEqual(readFileSync(join(second, "tensorboard", `rank-00${rank}`, file)));
    }
    expect(readFileSync(join(first, "tensorboard", file))).toEqual(readFileSync(join(second, "tensorboard", file)));
  });

  it("stopped between steps: FAILED with the reason, every row written so far kept, no manifest", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_stream_lru");
    const outcome = await runToDir({ scenario, outDir: dir, perRank: false, trace: false }, 12);
    expect(outcome).toMatchObject({ status: "interrupted", lastStep: 12, reason: "interrupted by SIGINT" });
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8")).toBe(formatRows(simulate(scenario.model, 12)));
    const [eventFile] = readdirSync(join(dir, "tensorboard"));
    // file_version at step 0, the SessionLog START at the first step, the Custom Scalars layout at step 0, then the rows.
    expect(readEventFile(readFileSync(join(dir, "tensorboard", eventFile as string))).map((e) => e.step)).toEqual([0, 1, 0, ...Array.from({ length: 12 }, (_, i) => i + 1)]);
    expect(events(dir).at(-1)).toMatchObject({ event: "FAILED", reason: "interrupted by SIGINT", step: 12 });
    expect(existsSync(join(dir, "artifacts.json"))).toBe(false);
  });

  it("a run that throws ends with FAILED and the reason, and rethrows", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_stream_lru");
    let polls = 0;
    const { executeRun } = await import("../../../../sim/execute/run/executeRun.ts");
    const { fakeClock } = await import("../../../../sim/io/clock.ts");
    await expect(
      executeRun(
        { scenario, outDir: dir, perRank: false, trace: false },
        {
          clock: fakeClock(),
          stopRequested: () => {
            if (++polls > 5) throw new Error("disk on fire");
            return undefined;
          },
        },
      ),
    ).rejects.toThrow("disk on fire");
    expect(events(dir).at(-1)).toMatchObject({ event: "FAILED", reason: "Error: disk on fire", step: 5 });
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(5);
  });

  it("records periodic RUNNING events with the step reached and rewrites the heartbeat", async () => {
    const dir = tempDir();
    const { executeRun } = await import("../../../../sim/execute/run/executeRun.ts");
    const { fakeClock } = await import("../../../../sim/io/clock.ts");
    // Each clock reading advances 1 ms; a 5 ms interval gives a RUNNING event every few steps.
    await executeRun(
      { scenario: fixtureScenario("nested_stream_lru", 20), outDir: dir, perRank: false, trace: false },
      { clock: fakeClock(), stopRequested: () => undefined, progressIntervalMs: 5 },
    );
    const running = events(dir).filter((e) => e.event === "RUNNING");
    expect(running.length).toBeGreaterThan(2);
    const steps = running.map((e) => e.step as number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.every((s) => s >= 1 && s <= 20)).toBe(true);
    expect(events(dir).map((e) => e.event)).toEqual(["STARTED", ...running.map(() => "RUNNING"), "COMPLETED"]);
  });

  it("reuses a previous run directory, clearing only run files", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_stream_lru");
    await runToDir({ scenario, outDir: dir, perRank: true, trace: true, snapshotEverySteps: 10 });
    await runToDir({ scenario: fixtureScenario("nested_stream_lru", 7), outDir: dir, perRank: false, trace: false });
    expect(readdirSync(dir).sort()).toEqual([
      ".sim-run",
      "artifacts.json",
      "events.jsonl",
      "heartbeat.json",
      "metrics.jsonl",
      "run.log",
      "scenario.resolved.toml",
      "tensorboard",
      "wandb",
    ]);
    // The first run's rank sub-runs are gone with the rest of its files; the second run's file has another name (its W&B run id), so a TensorBoard that stayed open reads it.
    const second = fixtureScenario("nested_stream_lru", 7);
    const secondId = wandbRunId({ scenarioSha256: resolvedScenarioSha256(second.resolved), seed: second.model.seed, steps: 7, firstStep: 1 });
    expect(readdirSync(join(dir, "tensorboard"))).toEqual([`events.out.tfevents.1577836800.stream-mixing-sim.${secondId}`]);
    expect(events(dir).filter((e) => e.event === "STARTED")).toHaveLength(1);
    // The first run's W&B runs (a reduced one and one per rank) are gone too: the second run's alone, and its link.
    expect(readdirSync(join(dir, "wandb")).sort()).toEqual(["latest-run", expect.stringMatching(/^offline-run-20200101_000000-[a-z0-9]{8}$/)]);
  });

  it("refuses a previous run directory whose tensorboard/ holds files a run does not write, touching nothing", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_stream_lru");
    await runToDir({ scenario, outDir: dir, perRank: true, trace: false });
    writeFileSync(join(dir, "tensorboard", "rank-001", "my-notes.txt"), "mine");
    const before = readFileSync(join(dir, "metrics.jsonl"), "utf8");
    await expect(runToDir({ scenario, outDir: dir, perRank: false, trace: false })).rejects.toThrow(/holds files a run does not write: tensorboard\/rank-001\/my-notes.txt/);
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8")).toBe(before);
  });

  it("refuses a non-empty directory that is not a run directory, and one with foreign files, touching nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "thesis.tex"), "precious");
    const scenario = fixtureScenario("nested_stream_lru");
    await expect(runToDir({ scenario, outDir: dir, perRank: false, trace: false })).rejects.toThrow(/not empty and is not a previous run directory/);
    expect(readdirSync(dir)).toEqual(["thesis.tex"]);
    const run = tempDir();
    await runToDir({ scenario, outDir: run, perRank: false, trace: false });
    writeFileSync(join(run, "notes.md"), "mine");
    const before = readFileSync(join(run, "metrics.jsonl"), "utf8");
    await expect(runToDir({ scenario, outDir: run, perRank: false, trace: false })).rejects.toThrow(/files a run does not write: notes\.md/);
    expect(readFileSync(join(run, "metrics.jsonl"), "utf8")).toBe(before);
  });
});
