import { join, resolve } from "node:path";
import { EXIT } from "../../exitCodes.ts";
import { Engine } from "../../../src/engine/engine.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { compareRecordedMetrics } from "../../run/compareRecordedMetrics.ts";
import { readArtifacts, readRunFile } from "../../run/readRunDirectory.ts";
import { RUN_FILES } from "../../run/runFiles.ts";
import { loadRecordedScenario } from "../../run/loadRecordedScenario.ts";
import { sha256Hex } from "../../run/scenarioHash.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { startProgress } from "../../io/progress.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import { reproduceLine } from "../../check/reproduceLine.ts";
import type { ReplayArgs } from "../replay.ts";

/** How long the re-run steps before it lets the progress display redraw. */
const YIELD_EVERY_MS = 20;

/** `sim replay`: re-runs a run directory's resolved scenario in memory and compares it with the recorded metrics. */
export async function runReplay(args: ReplayArgs, io: CliIo): Promise<number> {
  const runDir = resolve(io.cwd, args["run-dir"]);
  const artifacts = readArtifacts(runDir, io.clock);
  const { scenario, fileSha256 } = loadRecordedScenario(runDir, artifacts);
  const recorded = readRunFile(runDir, RUN_FILES.metrics);

  const notes: string[] = [];
  const metricsSha = sha256Hex(recorded);
  if (metricsSha !== artifacts.metrics_sha256) {
    notes.push(`metrics.jsonl was edited after the run: artifacts.json records sha256 ${artifacts.metrics_sha256}, the file now has ${metricsSha}`);
  }
  if (fileSha256 !== artifacts.scenario_sha256) {
    notes.push(`scenario.resolved.toml differs from the one run: artifacts.json records sha256 ${artifacts.scenario_sha256}, the file now gives ${fileSha256}`);
  }

  // A resumed run's file holds only the steps it ran; the re-run starts at step 1.
  const rows = (await rerun(io, scenario.name, scenario.model, artifacts.steps)).slice(artifacts.first_step - 1);
  const comparison = compareRecordedMetrics(recorded, rows);
  for (const note of notes) io.stdout(`note: ${note}\n`);
  if (comparison.identical) {
    io.stdout(`replay ${artifacts.scenario}: identical (${comparison.rowsCompared} rows, steps ${artifacts.first_step}..${artifacts.steps}, seed ${artifacts.seed})\n`);
    return notes.length > 0 ? EXIT.checkFailed : EXIT.ok;
  }
  const d = comparison.firstDifference!;
  io.stdout(
    `replay ${artifacts.scenario}: DIFFERENT at metrics.jsonl line ${d.line}, step ${Number.isNaN(d.step) ? "?" : d.step}, key ${d.key}: expected (recorded) ${d.expected}, actual (re-run) ${d.actual}\n` +
      `reproduce: ${reproduceLine(join(args["run-dir"], RUN_FILES.resolvedScenario), artifacts.seed, [`--steps ${artifacts.steps}`])}\n`,
  );
  return EXIT.checkFailed;
}

/**
 * The rows of `steps` steps from the start, as `simulate` gives them, with a progress
 * display of the steps on a terminal: a long run takes as long to replay as it took to
 * run, and the display redraws only when the loop lets the event loop in.
 */
async function rerun(io: CliIo, name: string, model: ModelConfig, steps: number): Promise<MetricsRow[]> {
  const progress = startProgress(io, { label: `sim replay ${name}`, unit: "steps", total: steps });
  try {
    const engine = new Engine(model);
    const rows: MetricsRow[] = [];
    let msAtLastYield = io.clock.monotonicMs();
    while (engine.step < steps) {
      rows.push(engine.runStep().row);
      progress.update(engine.step);
      if (io.clock.monotonicMs() - msAtLastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        msAtLastYield = io.clock.monotonicMs();
      }
    }
    return rows;
  } finally {
    progress.stop();
  }
}
