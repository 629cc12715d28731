import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { EXIT } from "../../exitCodes.ts";
import { Engine } from "../../../src/engine/engine.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { compareRecordedMetrics } from "../../execute/run/compareRecordedMetrics.ts";
import { readArtifacts, runFileLines } from "../../execute/run/readRunDirectory.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { loadRecordedScenario } from "../../execute/run/loadRecordedScenario.ts";
import { metricsLinesOf } from "../../format/metricsRows.ts";
import { type WrittenSteps, writesStep } from "../../format/writtenSteps.ts";
import { metricsEveryOf } from "../../execute/run/runArtifacts.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { startProgress } from "../../io/progress.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import { reproduceLine } from "../../verify/check/reproduceLine.ts";
import type { ReplayArgs } from "../commands/replay.ts";

/** How long the re-run steps before it lets the progress display redraw. */
const YIELD_EVERY_MS = 20;

/** `sim replay`: re-runs a run directory's resolved scenario in memory and compares it with the recorded metrics. */
export async function runReplay(args: ReplayArgs, io: CliIo): Promise<number> {
  const runDir = resolve(io.cwd, args["run-dir"]);
  const artifacts = readArtifacts(runDir, io.clock);
  const { scenario, fileSha256 } = loadRecordedScenario(runDir, artifacts);
  const notes: string[] = [];
  if (fileSha256 !== artifacts.scenario_sha256) {
    notes.push(`scenario.resolved.toml differs from the one run: artifacts.json records sha256 ${artifacts.scenario_sha256}, the file now gives ${fileSha256}`);
  }

  // The recorded file is read as the re-run steps, one line at a time, and hashed in the
  // same pass; the comparison stops at the first difference without reading the rest.
  const metricsHash = createHash("sha256");
  const lines = runFileLines(runDir, RUN_FILES.metrics, { shownDir: args["run-dir"], onBytes: (bytes) => metricsHash.update(bytes) });
  const written = { every: metricsEveryOf(artifacts), lastStep: artifacts.steps };
  const recorded = metricsLinesOf(lines, join(args["run-dir"], RUN_FILES.metrics), { firstStep: artifacts.first_step, every: written.every });
  const comparison = await compareRecordedMetrics(recorded, rerun(io, scenario.name, scenario.model, artifacts.first_step, written));
  if (comparison.identical) {
    const metricsSha = metricsHash.digest("hex");
    if (metricsSha !== artifacts.metrics_sha256) {
      notes.unshift(`metrics.jsonl was edited after the run: artifacts.json records sha256 ${artifacts.metrics_sha256}, the file now has ${metricsSha}`);
    }
    for (const note of notes) io.stdout(`note: ${note}\n`);
    io.stdout(`replay ${artifacts.scenario}: identical (${comparison.rowsCompared} rows, steps ${artifacts.first_step}..${artifacts.steps}, seed ${artifacts.seed})\n`);
    return notes.length > 0 ? EXIT.checkFailed : EXIT.ok;
  }
  for (const note of notes) io.stdout(`note: ${note}\n`);
  const d = comparison.firstDifference!;
  io.stdout(
    `replay ${artifacts.scenario}: DIFFERENT at metrics.jsonl line ${d.line}, step ${Number.isNaN(d.step) ? "?" : d.step}, key ${d.key}: expected (recorded) ${d.expected}, actual (re-run) ${d.actual}\n` +
      `reproduce: ${reproduceLine(join(args["run-dir"], RUN_FILES.resolvedScenario), artifacts.seed, [`--steps ${artifacts.steps}`])}\n`,
  );
  return EXIT.checkFailed;
}

/**
 * The rows of steps `firstStep..steps` of a re-run from step 1 (a resumed run's file holds
 * only the steps it ran) that the run's metrics_every wrote, one at a time as `simulate` gives them, with a progress display
 * of the steps on a terminal: a long run takes as long to replay as it took to run, and
 * the display redraws only when the loop lets the event loop in.
 */
async function* rerun(io: CliIo, name: string, model: ModelConfig, firstStep: number, written: WrittenSteps): AsyncGenerator<MetricsRow, void, undefined> {
  const steps = written.lastStep;
  const progress = startProgress(io, { label: `sim replay ${name}`, unit: "steps", total: steps });
  try {
    const engine = new Engine(model);
    let msAtLastYield = io.clock.monotonicMs();
    while (engine.step < steps) {
      const row = engine.runStep().row;
      progress.update(engine.step);
      if (row.step >= firstStep && writesStep(written, row.step)) yield row;
      if (io.clock.monotonicMs() - msAtLastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        msAtLastYield = io.clock.monotonicMs();
      }
    }
  } finally {
    progress.stop();
  }
}
