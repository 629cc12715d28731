import { mkdirSync, readdirSync } from "node:fs";
import { UserError } from "../../../src/errors.ts";
import { refusedOperation } from "../../io/refusedFileOperation.ts";
import { join, relative, sep } from "node:path";
import { resolvedScenarioToml } from "../../input/scenario/resolvedScenarioToml.ts";
import { Engine, type EngineOptions, type LogLine, type StepResult } from "../../../src/engine/engine.ts";
import { engineThreads } from "../threads/engineThreads.ts";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import type { Clock } from "../../io/clock.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { formatSnapshotFile, snapshotFileOf } from "../../input/snapshot/snapshotFile.ts";
import type { SnapshotFile } from "../../input/snapshot/snapshotFormat.ts";
import { buildTraceHeader } from "../../input/trace/traceHeader.ts";
import { formatTraceEvent } from "../../input/trace/traceLine.ts";
import { TENSORBOARD_DIR } from "../tensorboard/tensorboardLayout.ts";
import { HARNESS_VERSION } from "../../version.ts";
import { DEFAULT_WANDB_PROJECT, WANDB_DIR } from "../wandb/wandbLayout.ts";
import { type WrittenSteps, writesStep } from "../../format/writtenSteps.ts";
import { ARTIFACTS_FORMAT_VERSION, type RunArtifacts } from "./runArtifacts.ts";
import { prepareRunDirectory } from "./runDirectory.ts";
import { RUN_FILES, SNAPSHOT_DIR, snapshotFileName } from "../../format/runFiles.ts";
import { RunHeartbeat } from "./runHeartbeat.ts";
import { RunOutputs } from "./runOutputs.ts";
import type { RunOutputSink } from "./runOutputSink.ts";
import { writesOnThread } from "./runWriterChoice.ts";
import { RunWriterThread } from "./runWriterThread.ts";
import { RowTally } from "./rowTally.ts";
import { RowColumns } from "../../format/rowColumns.ts";
import { resolvedScenarioSha256 } from "./scenarioHash.ts";
import { wallTimeOf, type WallTimeMode } from "./wallTime.ts";

export interface RunRequest {
  readonly scenario: Scenario;
  readonly outDir: string;
  readonly perRank: boolean;
  readonly trace: boolean;
  /** Write a snapshot after every N-th step. */
  readonly snapshotEverySteps?: number;
  /** A snapshot already read and checked (checkSnapshotFits) to continue from. */
  readonly resumeFrom?: { readonly file: string; readonly snapshot: SnapshotFile };
  /** The W&B project (default "stream-mixing-sim", checked by the command) and group (a sweep's id). */
  readonly wandb?: { readonly project?: string; readonly group?: string };
  /** "fixed" (default): TensorBoard and W&B stamp the documented fixed clock; "now": real time (wallTime.ts). */
  readonly wallTime?: WallTimeMode;
  /** Threads to step the ranks on (default: engineThreads' choice for the cores below); the files are the same for every count. */
  readonly threads?: number;
  /** The cores this run may use for its default thread count (default: the machine's; a sweep gives each run its share). */
  readonly cores?: number;
  /** Write the per-step files on a thread of their own (true), on the engine's (false), or as runWriterChoice.ts chooses (default); the bytes are the same. */
  readonly writerThread?: boolean;
}

export interface RunEnvironment {
  readonly clock: Clock;
  /** Polled between steps: a reason (e.g. "interrupted by SIGINT") stops the run. */
  readonly stopRequested: () => string | undefined;
  /** Wall time between RUNNING events and heartbeat rewrites. */
  readonly progressIntervalMs?: number;
  /** Called after each step's row is written, with the step (a progress display). */
  readonly onStep?: (step: number) => void;
}

export interface RunOutcome {
  readonly status: "completed" | "interrupted";
  readonly reason?: string;
  readonly firstStep: number;
  /** The last step run (firstStep - 1 when none); its row is written when metrics_every says so. */
  readonly lastStep: number;
  readonly wallMs: number;
  /** Per metric key, its value at the last row written and its largest value over the rows written. */
  readonly last: Readonly<Record<string, number>>;
  readonly max: Readonly<Record<string, number>>;
  readonly artifacts?: RunArtifacts;
}

/** What the phases of one run share: the request, what follows from it, the open outputs, and the tally so far. */
interface ActiveRun {
  readonly request: RunRequest;
  readonly env: RunEnvironment;
  readonly steps: number;
  readonly firstStep: number;
  readonly scenarioSha256: string;
  /** The steps whose rows are written: the multiples of the scenario's metrics_every, and the last. */
  readonly written: WrittenSteps;
  readonly outputs: RunOutputSink;
  readonly startMs: number;
  readonly heartbeat: RunHeartbeat;
  /** Per metric key, its value at the last row written and its largest value so far. */
  readonly tally: RowTally;
  /** Each written step's row read as columns, once, for the outputs and the tally (a key list's layout is the list itself). */
  readonly rows: RowColumns<readonly string[]>;
  /** The last step run (firstStep - 1 when none). */
  lastStep: number;
  msAtLastYield: number;
}

/** How long the loop steps before it lets the event loop in (signals, the progress display). */
const YIELD_EVERY_MS = 20;

/**
 * Runs a scenario into a run directory (docs/runs-and-replay.md), in phases:
 * 1. prepare the directory (refusing one it does not own), write the resolved scenario
 *    and open the streamed files (openRun);
 * 2. record STARTED and build the engine, fresh or from the snapshot (startRun);
 * 3. step the engine, streaming each row, trace event and log line as it happens,
 *    with snapshots, RUNNING events and heartbeats along the way (stepToEnd);
 * 4. record COMPLETED and write artifacts.json (completeRun), or FAILED with the reason
 *    (stopRun when a stop was requested, failRun when something threw).
 */
export async function executeRun(request: RunRequest, env: RunEnvironment): Promise<RunOutcome> {
  const run = openRun(request, env);
  let engine: Engine | undefined;
  try {
    engine = startRun(run);
    const stopReason = await stepToEnd(run, engine);
    return stopReason === undefined ? completeRun(run) : stopRun(run, stopReason);
  } catch (error) {
    failRun(run, error);
    throw error;
  } finally {
    // Its threads, when it has any.
    engine?.close();
  }
}

/** Phase 1: the directory, the resolved scenario and the open outputs; nothing is recorded yet. */
function openRun(request: RunRequest, env: RunEnvironment): ActiveRun {
  const { scenario, outDir } = request;
  const resume = request.resumeFrom;
  const firstStep = (resume?.snapshot.step ?? 0) + 1;
  const scenarioSha256 = resolvedScenarioSha256(scenario.resolved);
  prepareRunDirectory(outDir, resume?.file);
  writeFileAtomicallySync(join(outDir, RUN_FILES.resolvedScenario), resolvedScenarioToml(scenario));
  const writerThread = writesOnThread({ ...request, steps: scenario.steps, firstStep, metricsEvery: scenario.metricsEvery, worldSize: scenario.model.world_size });
  const outputs = new (writerThread ? RunWriterThread : RunOutputs)(outDir, {
    perRank: request.perRank,
    trace: request.trace,
    firstStep,
    clock: env.clock,
    wallTime: wallTimeOf(request.wallTime ?? "fixed", firstStep, env.clock),
    wandb: {
      project: request.wandb?.project ?? DEFAULT_WANDB_PROJECT,
      name: scenario.name,
      ...(request.wandb?.group !== undefined ? { group: request.wandb.group } : {}),
      tags: [scenario.name, ...scenario.expectations.filter((e) => e.signature).map((e) => e.name)],
      resolved: scenario.resolved,
      scenarioSha256,
      seed: scenario.model.seed,
      steps: scenario.steps,
      metricsEvery: scenario.metricsEvery,
    },
  });
  const startMs = env.clock.monotonicMs();
  const heartbeat = new RunHeartbeat(outDir, env.clock, scenario.steps, firstStep - 1, startMs);
  const written = { every: scenario.metricsEvery, lastStep: scenario.steps };
  return {
    request,
    env,
    steps: scenario.steps,
    firstStep,
    scenarioSha256,
    written,
    outputs,
    startMs,
    heartbeat,
    tally: new RowTally(),
    rows: new RowColumns((keys) => keys),
    lastStep: firstStep - 1,
    msAtLastYield: startMs,
  };
}

/** Phase 2: STARTED and the log's first lines, then the engine (and the trace's header, which names its streams). */
function startRun(run: ActiveRun): Engine {
  const { scenario, resumeFrom: resume } = run.request;
  const { events, log, trace } = run.outputs;
  events.record("STARTED", {
    scenario: scenario.name,
    seed: scenario.model.seed,
    steps: run.steps,
    first_step: run.firstStep,
    harness_version: HARNESS_VERSION,
    ...(resume ? { resumed_from: resume.file } : {}),
  });
  log.appendLine(`[harness] run ${scenario.name} seed ${scenario.model.seed} steps ${run.firstStep}..${run.steps} (harness ${HARNESS_VERSION})`);
  if (resume) log.appendLine(`[harness] exact resume from snapshot ${resume.file} (state after step ${resume.snapshot.step})`);
  const options: EngineOptions = {
    ...engineThreads(scenario.model, run.request.threads, run.request.cores),
    perRank: run.request.perRank,
    log: (line: LogLine) => log.appendLine(`step ${line.step} rank ${line.rank} ${line.level} ${line.message}`),
    ...(trace ? { trace: (event) => trace.appendLine(formatTraceEvent(event)) } : {}),
  };
  const engine = resume ? Engine.fromSnapshot(scenario.model, resume.snapshot.engine, options) : new Engine(scenario.model, options);
  trace?.appendLine(
    JSON.stringify(buildTraceHeader({ scenario: scenario.name, steps: run.steps, harnessVersion: HARNESS_VERSION, model: scenario.model, streams: engine.streams.streams })),
  );
  return engine;
}

/** Phase 3: steps to the scenario's last step; returns the stop's reason when one was requested between steps. */
async function stepToEnd(run: ActiveRun, engine: Engine): Promise<string | undefined> {
  while (engine.step < run.steps) {
    const stopReason = run.env.stopRequested();
    if (stopReason !== undefined) return stopReason;
    recordStep(run, engine, engine.runStep());
    // Awaited only when the event loop is due: an await per step cost a long run's loop more than its clock readings.
    if (keepAlive(run)) {
      await yieldToEventLoop();
      run.msAtLastYield = run.env.clock.monotonicMs();
    }
  }
  return undefined;
}

/** One step's rows into the outputs and the tally when metrics_every writes it, and its snapshot when one is due. */
function recordStep(run: ActiveRun, engine: Engine, result: StepResult): void {
  run.lastStep = result.row.step;
  if (writesStep(run.written, run.lastStep)) tallyStep(run, result);
  run.env.onStep?.(run.lastStep);
  const every = run.request.snapshotEverySteps;
  if (every !== undefined && run.lastStep % every === 0) {
    writeSnapshot(run.request.outDir, snapshotFileOf({ name: run.request.scenario.name, sha256: run.scenarioSha256 }, engine));
  }
}

/** A written step: its rows into the outputs, its values into the summary's last and largest (the row read once, into columns, for both). */
function tallyStep(run: ActiveRun, result: StepResult): void {
  const keys = run.rows.read(result.row);
  run.outputs.writeStep(result, keys, run.rows.values);
  run.tally.add(keys, run.rows.values);
}

/** RUNNING and the heartbeat once per progress interval; returns whether the event loop is due its turn (every YIELD_EVERY_MS). */
function keepAlive(run: ActiveRun): boolean {
  const now = run.env.clock.monotonicMs();
  if (run.heartbeat.sinceLastWriteMs(now) >= (run.env.progressIntervalMs ?? 1000)) {
    // A reader of the running run (sim watch, sweep status) sees every row up to the heartbeat.
    run.outputs.flush();
    run.outputs.events.record("RUNNING", { step: run.lastStep, steps: run.steps });
    run.heartbeat.write("RUNNING", run.lastStep);
  }
  return now - run.msAtLastYield >= YIELD_EVERY_MS;
}

/** Phase 4, a stop between steps: FAILED with the reason; the rows written so far stay. */
function stopRun(run: ActiveRun, stopReason: string): RunOutcome {
  const wallMs = run.env.clock.monotonicMs() - run.startMs;
  run.outputs.log.appendLine(`[harness] stopped after step ${run.lastStep}: ${stopReason}`);
  // Every row written before FAILED and the heartbeat say which step the run stopped after.
  run.outputs.flush();
  run.outputs.events.record("FAILED", { reason: stopReason, step: run.lastStep, steps: run.steps });
  run.heartbeat.write("FAILED", run.lastStep);
  run.outputs.finishWandb(1);
  run.outputs.close();
  return { status: "interrupted", reason: stopReason, firstStep: run.firstStep, lastStep: run.lastStep, wallMs, last: run.tally.last(), max: run.tally.max() };
}

/** Phase 4, the last step done: COMPLETED, then artifacts.json over the closed files. */
function completeRun(run: ActiveRun): RunOutcome {
  const { request } = run;
  const wallMs = run.env.clock.monotonicMs() - run.startMs;
  run.outputs.log.appendLine(`[harness] completed step ${run.lastStep} of ${run.steps}`);
  // Every row written before COMPLETED and the heartbeat claim the last step.
  run.outputs.flush();
  run.outputs.events.record("COMPLETED", { step: run.lastStep, steps: run.steps, wall_ms: Math.round(wallMs) });
  run.heartbeat.write("COMPLETED", run.lastStep);
  run.outputs.finishWandb(0);
  run.outputs.close();
  const resume = request.resumeFrom;
  const artifacts = writeArtifacts(request.outDir, {
    format_version: ARTIFACTS_FORMAT_VERSION,
    scenario: request.scenario.name,
    seed: request.scenario.model.seed,
    steps: run.steps,
    first_step: run.firstStep,
    harness_version: HARNESS_VERSION,
    scenario_sha256: run.scenarioSha256,
    metrics_sha256: run.outputs.metricsSha256(),
    resumed_from: resume ? { snapshot: resume.file, step: resume.snapshot.step } : null,
    per_rank: request.perRank,
    trace: request.trace,
    tensorboard_dir: TENSORBOARD_DIR,
    wandb_dir: WANDB_DIR,
    wandb_run_id: run.outputs.wandbRunId,
    wandb_mode: "offline",
    metrics_every: run.written.every,
    files: [],
  });
  return { status: "completed", firstStep: run.firstStep, lastStep: run.lastStep, wallMs, last: run.tally.last(), max: run.tally.max(), artifacts };
}

/** Phase 4, something threw: the rows already written stay, and the lifecycle says why. */
function failRun(run: ActiveRun, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Each record of the failure is tried on its own and a failure of one is dropped: the
  // run's own error is what the user must see, and a disk that refused the run's files
  // (full, read-only) usually refuses the records of its failure too.
  const attempt = (record: () => void): void => {
    try {
      record();
    } catch (recordError) {
      // The system's refusal is dropped (the run's error, rethrown by the caller, says what went wrong); a bug is not.
      if (!(recordError instanceof UserError) && refusedOperation(recordError) === undefined) throw recordError;
    }
  };
  attempt(() => run.outputs.log.appendLine(`[harness] failed after step ${run.lastStep}: ${reason}`));
  attempt(() => run.outputs.events.record("FAILED", { reason, step: run.lastStep, steps: run.steps }));
  attempt(() => run.heartbeat.write("FAILED", run.lastStep));
  attempt(() => run.outputs.close());
}

function writeSnapshot(outDir: string, snapshot: SnapshotFile): void {
  const dir = join(outDir, SNAPSHOT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileAtomicallySync(join(dir, snapshotFileName(snapshot.step)), formatSnapshotFile(snapshot));
}

/** Lists the directory (snapshots and event files included) and writes the manifest atomically, naming itself too. */
function writeArtifacts(outDir: string, artifacts: RunArtifacts): RunArtifacts {
  const files = new Set<string>([RUN_FILES.artifacts]);
  for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.add(relative(outDir, join(entry.parentPath, entry.name)).split(sep).join("/"));
  }
  const complete = { ...artifacts, files: [...files].sort() };
  writeFileAtomicallySync(join(outDir, RUN_FILES.artifacts), JSON.stringify(complete, null, 2) + "\n");
  return complete;
}
