import { createHash } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { resolvedScenarioToml } from "../scenario/resolvedScenarioToml.ts";
import { Engine, type EngineOptions, type LogLine } from "../../src/engine/engine.ts";
import { formatRow } from "../format/jsonl.ts";
import { writeFileAtomicallySync } from "../io/atomicWrite.ts";
import type { Clock } from "../io/clock.ts";
import { yieldToEventLoop } from "../io/yieldToEventLoop.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { formatSnapshotFile, snapshotFileOf, type SnapshotFile } from "../snapshot/snapshotFile.ts";
import { buildTraceHeader } from "../trace/traceHeader.ts";
import { formatTraceEvent } from "../trace/traceLine.ts";
import { TENSORBOARD_DIR } from "../tensorboard/tensorboardLayout.ts";
import { TensorBoardRunWriter } from "../tensorboard/tensorboardRunWriter.ts";
import { HARNESS_VERSION } from "../version.ts";
import { AppendOnlyFile } from "./appendOnlyFile.ts";
import { LifecycleEvents } from "./lifecycleEvents.ts";
import { ARTIFACTS_FORMAT_VERSION, type RunArtifacts } from "./runArtifacts.ts";
import { prepareRunDirectory } from "./runDirectory.ts";
import { RUN_FILES, SNAPSHOT_DIR, snapshotFileName } from "./runFiles.ts";
import { resolvedScenarioSha256 } from "./scenarioHash.ts";

export interface RunRequest {
  readonly scenario: Scenario;
  readonly outDir: string;
  readonly perRank: boolean;
  readonly trace: boolean;
  /** Write a snapshot after every N-th step. */
  readonly snapshotEverySteps?: number;
  /** A snapshot already read and checked (checkSnapshotFits) to continue from. */
  readonly resumeFrom?: { readonly file: string; readonly snapshot: SnapshotFile };
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
  /** The last step whose row was written (firstStep - 1 when none). */
  readonly lastStep: number;
  readonly wallMs: number;
  /** Per metric key, its value at the last step and its largest value over the run. */
  readonly last: Readonly<Record<string, number>>;
  readonly max: Readonly<Record<string, number>>;
  readonly artifacts?: RunArtifacts;
}

/**
 * Runs a scenario into a run directory (docs/runs-and-replay.md), in phases:
 * 1. prepare the directory (refusing one it does not own) and write the resolved scenario;
 * 2. open the streamed files and record STARTED;
 * 3. step the engine, streaming each row, trace event and log line as it happens,
 *    with snapshots, RUNNING events and heartbeats along the way;
 * 4. record COMPLETED and write artifacts.json, or FAILED with the reason.
 */
export async function executeRun(request: RunRequest, env: RunEnvironment): Promise<RunOutcome> {
  const { scenario, outDir } = request;
  const steps = scenario.steps;
  const resume = request.resumeFrom;
  const firstStep = (resume?.snapshot.step ?? 0) + 1;
  const hash = resolvedScenarioSha256(scenario.resolved);
  const progressIntervalMs = env.progressIntervalMs ?? 1000;

  // Phase 1.
  prepareRunDirectory(outDir, resume?.file);
  writeFileAtomicallySync(join(outDir, RUN_FILES.resolvedScenario), resolvedScenarioToml(scenario));

  // Phase 2.
  const events = new LifecycleEvents(join(outDir, RUN_FILES.events), env.clock);
  const metrics = new AppendOnlyFile(join(outDir, RUN_FILES.metrics));
  const perRank = request.perRank ? new AppendOnlyFile(join(outDir, RUN_FILES.metricsPerRank)) : undefined;
  const log = new AppendOnlyFile(join(outDir, RUN_FILES.log));
  const trace = request.trace ? new AppendOnlyFile(join(outDir, RUN_FILES.trace)) : undefined;
  const tensorboard = new TensorBoardRunWriter({ dir: join(outDir, TENSORBOARD_DIR), firstStep, warn: (message) => log.appendLine(`[harness] ${message}`) });
  const metricsHash = createHash("sha256");
  const startMs = env.clock.monotonicMs();
  const last: Record<string, number> = {};
  const max: Record<string, number> = {};
  let lastStep = firstStep - 1;
  let stepAtLastProgress = lastStep;
  let msAtLastProgress = startMs;
  let msAtLastYield = startMs;

  const closeAll = (): void => {
    tensorboard.close();
    for (const file of [metrics, perRank, log, trace]) file?.close();
    events.close();
  };
  const writeHeartbeat = (status: string): void => {
    const now = env.clock.monotonicMs();
    const elapsedS = (now - msAtLastProgress) / 1000;
    const stepsPerSecond = elapsedS > 0 ? (lastStep - stepAtLastProgress) / elapsedS : 0;
    writeFileAtomicallySync(
      join(outDir, RUN_FILES.heartbeat),
      JSON.stringify({ time: env.clock.isoNow(), status, last_step: lastStep, steps: steps, steps_per_second: Number(stepsPerSecond.toFixed(3)) }) + "\n",
    );
    stepAtLastProgress = lastStep;
    msAtLastProgress = now;
  };

  try {
    events.record("STARTED", {
      scenario: scenario.name,
      seed: scenario.model.seed,
      steps,
      first_step: firstStep,
      harness_version: HARNESS_VERSION,
      ...(resume ? { resumed_from: resume.file } : {}),
    });
    log.appendLine(`[harness] run ${scenario.name} seed ${scenario.model.seed} steps ${firstStep}..${steps} (harness ${HARNESS_VERSION})`);
    if (resume) log.appendLine(`[harness] exact resume from snapshot ${resume.file} (state after step ${resume.snapshot.step})`);

    const options: EngineOptions = {
      perRank: request.perRank,
      log: (line: LogLine) => log.appendLine(`step ${line.step} rank ${line.rank} ${line.level} ${line.message}`),
      ...(trace ? { trace: (event) => trace.appendLine(formatTraceEvent(event)) } : {}),
    };
    const engine = resume ? Engine.fromSnapshot(scenario.model, resume.snapshot.engine, options) : new Engine(scenario.model, options);
    if (trace) {
      trace.appendLine(
        JSON.stringify(buildTraceHeader({ scenario: scenario.name, steps, harnessVersion: HARNESS_VERSION, model: scenario.model, streams: engine.streams.streams })),
      );
    }

    // Phase 3.
    let stopReason: string | undefined;
    while (engine.step < steps) {
      stopReason = env.stopRequested();
      if (stopReason !== undefined) break;
      const result = engine.runStep();
      const line = formatRow(result.row);
      metrics.appendLine(line);
      metricsHash.update(line + "\n");
      tensorboard.writeRow(result.row);
      for (const rankRow of result.perRank ?? []) {
        perRank?.appendLine(formatRow(rankRow));
        tensorboard.writeRankRow(rankRow);
      }
      lastStep = result.row.step;
      env.onStep?.(lastStep);
      for (const [key, value] of Object.entries(result.row)) {
        if (key === "step") continue;
        last[key] = value;
        if (!(key in max) || value > (max[key] as number)) max[key] = value;
      }
      if (request.snapshotEverySteps !== undefined && lastStep % request.snapshotEverySteps === 0) {
        writeSnapshot(outDir, snapshotFileOf({ name: scenario.name, sha256: hash }, engine));
      }
      const now = env.clock.monotonicMs();
      if (now - msAtLastProgress >= progressIntervalMs) {
        events.record("RUNNING", { step: lastStep, steps });
        writeHeartbeat("RUNNING");
      }
      if (now - msAtLastYield >= 20) {
        await yieldToEventLoop();
        msAtLastYield = env.clock.monotonicMs();
      }
    }
    // Phase 4.
    const wallMs = env.clock.monotonicMs() - startMs;
    if (stopReason !== undefined) {
      log.appendLine(`[harness] stopped after step ${lastStep}: ${stopReason}`);
      events.record("FAILED", { reason: stopReason, step: lastStep, steps });
      writeHeartbeat("FAILED");
      closeAll();
      return { status: "interrupted", reason: stopReason, firstStep, lastStep, wallMs, last, max };
    }
    log.appendLine(`[harness] completed step ${lastStep} of ${steps}`);
    events.record("COMPLETED", { step: lastStep, steps, wall_ms: Math.round(wallMs) });
    writeHeartbeat("COMPLETED");
    closeAll();
    const artifacts = writeArtifacts(outDir, {
      format_version: ARTIFACTS_FORMAT_VERSION,
      scenario: scenario.name,
      seed: scenario.model.seed,
      steps,
      first_step: firstStep,
      harness_version: HARNESS_VERSION,
      scenario_sha256: hash,
      metrics_sha256: metricsHash.digest("hex"),
      resumed_from: resume ? { snapshot: resume.file, step: resume.snapshot.step } : null,
      per_rank: request.perRank,
      trace: request.trace,
      tensorboard_dir: TENSORBOARD_DIR,
      files: [],
    });
    return { status: "completed", firstStep, lastStep, wallMs, last, max, artifacts };
  } catch (error) {
    // The run failed: the rows already written stay, and the lifecycle says why.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      log.appendLine(`[harness] failed after step ${lastStep}: ${reason}`);
      events.record("FAILED", { reason, step: lastStep, steps });
      writeHeartbeat("FAILED");
    } finally {
      closeAll();
    }
    throw error;
  }
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
