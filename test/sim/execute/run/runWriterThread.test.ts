import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import type * as ExecuteRun from "../../../../sim/execute/run/executeRun.ts";
import type { RunOutcome, RunRequest } from "../../../../sim/execute/run/executeRun.ts";
import type * as RunOutputsModule from "../../../../sim/execute/run/runOutputs.ts";
import type { RunOutputSink } from "../../../../sim/execute/run/runOutputSink.ts";
import type * as RunWriterThreadModule from "../../../../sim/execute/run/runWriterThread.ts";
import { SLOT_DOUBLES } from "../../../../sim/execute/run/stepRing.ts";
import { fixedWallTime } from "../../../../sim/execute/run/wallTime.ts";
import { workerModule } from "../../../../sim/execute/threads/workerModule.ts";
import { parseSnapshotFile } from "../../../../sim/input/snapshot/readSnapshotFile.ts";
import { fakeClock } from "../../../../sim/io/clock.ts";
import { RowColumns } from "../../../../sim/format/rowColumns.ts";
import type * as Errors from "../../../../src/errors.ts";
import { builtModule } from "../../../helpers/builtModule.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { fixtureScenario } from "./fixtureScenarios.ts";
import { runToDir as runInMemory } from "./runInMemory.ts";

const tempDir = tempDirsPerTest("sim-writer-thread-");

// Built, so that each writer's two threads load the built writer rather than the sources
// through tsx (test/helpers/builtModule.ts): about 0.5 s of CPU less for each
// RunWriterThread this file starts. The writers both ways, the run that starts them and
// the UserError they throw all come from the same build.
const { executeRun } = await builtModule<typeof ExecuteRun>("sim/execute/run/executeRun.ts");
const { RunOutputs } = await builtModule<typeof RunOutputsModule>("sim/execute/run/runOutputs.ts");
const { RunWriterThread } = await builtModule<typeof RunWriterThreadModule>("sim/execute/run/runWriterThread.ts");
const { UserError } = await builtModule<typeof Errors>("src/errors.ts");

/** ./runInMemory.ts's runToDir on the built run. */
const runToDir = (request: RunRequest, stopAfterPolls?: number): Promise<RunOutcome> => runInMemory(request, stopAfterPolls, executeRun);

/** The files that hold wall-clock times (events.jsonl, heartbeat.json): their events and steps are compared, not their bytes. */
const CLOCKED = new Set(["events.jsonl", "heartbeat.json"]);

/** Every file of a run directory by its path in it: its bytes, or where a link points. */
function runFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (entry.isSymbolicLink()) files.set(path, `-> ${readlinkSync(join(dir, path))}`);
    else if (entry.isFile() && !CLOCKED.has(path)) files.set(path, readFileSync(join(dir, path), "latin1"));
  }
  return files;
}

const lifecycle = (dir: string): unknown[] =>
  readFileSync(join(dir, "events.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const { time: _time, wall_ms: _wallMs, ...event } = JSON.parse(line) as Record<string, unknown>;
      return event;
    });

/** Runs `request` on the engine's thread and with a writer thread; expects the same files, byte for byte. */
async function expectSameRuns(request: Omit<RunRequest, "outDir">, stopAfterPolls?: number): Promise<string> {
  const dir = tempDir();
  const [alone, threaded] = [join(dir, "alone"), join(dir, "threaded")];
  const outcomes = [
    await runToDir({ ...request, outDir: alone, writerThread: false }, stopAfterPolls),
    await runToDir({ ...request, outDir: threaded, writerThread: true }, stopAfterPolls),
  ];
  expect(outcomes[1]).toEqual({ ...outcomes[0], wallMs: outcomes[1]?.wallMs });
  const [aloneFiles, threadedFiles] = [runFiles(alone), runFiles(threaded)];
  expect([...threadedFiles.keys()].sort()).toEqual([...aloneFiles.keys()].sort());
  for (const [path, bytes] of aloneFiles) expect(threadedFiles.get(path) === bytes, path).toBe(true);
  expect(lifecycle(threaded)).toEqual(lifecycle(alone));
  return threaded;
}

function outputsOptions(steps: number): ConstructorParameters<typeof RunOutputs>[1] {
  return {
    perRank: false,
    trace: false,
    firstStep: 1,
    clock: fakeClock(0, 1),
    wallTime: fixedWallTime(1),
    wandb: { project: "stream-mixing-sim", name: "wide", tags: [], resolved: {}, scenarioSha256: "0".repeat(64), seed: 1, steps },
  };
}

/** Each way of writing a run's files, by name: opened on a directory it makes, for a run of `steps` steps. */
const WRITERS: readonly (readonly [string, (out: string, steps: number) => RunOutputSink])[] = [
  [
    "alone",
    (out, steps) => {
      mkdirSync(out, { recursive: true });
      return new RunOutputs(out, outputsOptions(steps));
    },
  ],
  [
    "threaded",
    (out, steps) => {
      mkdirSync(out, { recursive: true });
      return new RunWriterThread(out, outputsOptions(steps));
    },
  ],
];

/** Writes a step's row as a run does: read as columns, once, for the writer. */
function writeRow(writer: RunOutputSink, row: MetricsRow, columns = new RowColumns((keys) => keys)): void {
  writer.writeStep({ row }, columns.read(row), columns.values);
}

/** Writes steps 1 to `steps` of a one-key row, flushing after each, so that the writer's work is done step by step. */
function writeFlushing(writer: RunOutputSink, steps: number): void {
  const columns = new RowColumns((keys) => keys);
  for (let step = 1; step <= steps; step++) {
    writeRow(writer, { step, a: step }, columns);
    writer.flush();
  }
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** A fixture writer module (test/fixtures/threads/): JavaScript over the built writer, which its thread loads without tsx. */
const testWorker = (name: string): ReturnType<typeof workerModule> => workerModule(new URL(`../../../fixtures/threads/${name}.js`, import.meta.url).href);

describe("RunWriterThread: a run's files written on a thread of their own", () => {
  it("writes the same bytes as the engine's thread: per-rank rows, a trace, snapshots, key lists that change", async () => {
    const dir = await expectSameRuns({ scenario: fixtureScenario("nested_modality_resume"), perRank: true, trace: true, snapshotEverySteps: 20 });
    expect(readFileSync(join(dir, "run.log"), "utf8")).toMatch(/completed step 40 of 40/);
  }, 60_000);

  it("writes the same bytes with metrics_every, on another world", async () => {
    await expectSameRuns({ scenario: { ...fixtureScenario("direct_stream_full_wipe", 50), metricsEvery: 7 }, perRank: true, trace: false });
  }, 60_000);

  it("writes the same bytes for a run resumed from a snapshot", async () => {
    const scenario = fixtureScenario("nested_modality_resume");
    const first = join(tempDir(), "first");
    await runToDir({ scenario, outDir: first, perRank: false, trace: false, snapshotEverySteps: 25, writerThread: false });
    const file = join(first, "snapshots", readdirSync(join(first, "snapshots"))[0] as string);
    await expectSameRuns({ scenario, perRank: false, trace: false, resumeFrom: { file, snapshot: parseSnapshotFile(readFileSync(file, "utf8"), file) } });
  }, 60_000);

  it("a run stopped between steps keeps the same rows and says the same in its lifecycle and log", async () => {
    const dir = await expectSameRuns({ scenario: fixtureScenario("nested_modality_resume"), perRank: true, trace: false }, 12);
    expect(readFileSync(join(dir, "run.log"), "utf8")).toMatch(/stopped after step 12: interrupted by SIGINT/);
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8").split("\n")).toHaveLength(13);
    expect(existsSync(join(dir, "artifacts.json"))).toBe(false);
  }, 60_000);

  it("every RUNNING and COMPLETED event claims only steps whose rows are in metrics.jsonl when it is written", async () => {
    const dir = tempDir();
    const metrics = join(dir, "metrics.jsonl");
    const clock = fakeClock(0, 1);
    // An event reads the clock as it is written (each reading is another time): the rows on disk at each time it gave.
    const rowsAt = new Map<string, number>();
    const isoNow = (): string => {
      const time = clock.isoNow();
      rowsAt.set(time, existsSync(metrics) ? readFileSync(metrics, "utf8").split("\n").length - 1 : 0);
      return time;
    };
    await executeRun(
      { scenario: fixtureScenario("nested_stream_lru", 300), outDir: dir, perRank: false, trace: false, writerThread: true },
      { clock: { ...clock, isoNow }, stopRequested: () => undefined, progressIntervalMs: 37 },
    );
    const claims = readFileSync(join(dir, "events.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { time: string; event: string; step?: number })
      .filter((event) => event.event !== "STARTED")
      .map((event) => ({ ...event, rows: rowsAt.get(event.time) }));
    expect(claims.length).toBeGreaterThan(3);
    expect(claims.at(-1)).toMatchObject({ event: "COMPLETED", step: 300, rows: 300 });
    for (const claim of claims) expect(claim.rows, claim.event).toBeGreaterThanOrEqual(claim.step as number);
  }, 60_000);

  it("a row longer than a batch slot goes whole, as a message, between the rows around it", () => {
    const dir = tempDir();
    const wide: MetricsRow = { step: 2, ...Object.fromEntries(Array.from({ length: SLOT_DOUBLES + 10 }, (_, i) => [`k/${String(i).padStart(6, "0")}`, i / 7])) };
    const rows: MetricsRow[] = [{ step: 1, a: 1 }, wide, { step: 3, a: 3 }];
    const hashes = WRITERS.map(([name, open]) => {
      const writer = open(join(dir, name), 3);
      const columns = new RowColumns((keys) => keys);
      for (const row of rows) writeRow(writer, row, columns);
      writer.finishWandb(0);
      writer.close();
      return writer.metricsSha256();
    });
    expect(hashes[1]).toBe(hashes[0]);
    expect(runFiles(join(dir, "threaded"))).toEqual(runFiles(join(dir, "alone")));
  }, 60_000);

  it("a write that fails on the writer thread (a full disk) is thrown on the engine's, with its code; the rows before it are on disk", () => {
    const out = tempDir();
    const writer = new RunWriterThread(out, outputsOptions(100), testWorker("failingRunWriterWorker"));
    expect(() => writeFlushing(writer, 100)).toThrow(expect.objectContaining({ code: "ENOSPC", message: "ENOSPC: no space left on device, write" }));
    // Closing after the failure neither hangs nor throws again; the rows before the failing step are whole.
    writer.close();
    expect(readFileSync(join(out, "metrics.jsonl"), "utf8")).toBe([1, 2, 3, 4].map((step) => `{"step":${step},"a":${step}}\n`).join(""));
  }, 60_000);

  it("a writer thread that ends in the middle of the run fails the run instead of leaving it waiting", () => {
    const writer = new RunWriterThread(tempDir(), outputsOptions(100), testWorker("exitingRunWriterWorker"));
    expect(() => writeFlushing(writer, 100)).toThrow(/the run's writer thread ended in the middle of the run, exit code 7/);
    writer.close();
  }, 60_000);

  it("a wandb/ that cannot be written stops the run before anything is streamed, with the user error of the engine's thread", () => {
    const dir = tempDir();
    const errors = WRITERS.map(([name, open]) => {
      const out = join(dir, name);
      mkdirSync(out);
      writeFileSync(join(out, "wandb"), "a file where the directory goes\n");
      const error = thrownBy(() => open(out, 3));
      expect(readdirSync(out)).toEqual(["wandb"]);
      return { error, message: error instanceof Error ? error.message.replaceAll(out, "<out>") : "" };
    });
    for (const { error } of errors) expect(error).toBeInstanceOf(UserError);
    expect(errors[1]?.message).toBe(errors[0]?.message);
  }, 60_000);
});
