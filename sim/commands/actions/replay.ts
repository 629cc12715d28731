import { join, resolve } from "node:path";
import { EXIT } from "../../exitCodes.ts";
import { simulate } from "../../../src/engine/simulate.ts";
import { compareRecordedMetrics } from "../../run/compareRecordedMetrics.ts";
import { readArtifacts, readRunFile } from "../../run/readRunDirectory.ts";
import { RUN_FILES } from "../../run/runFiles.ts";
import { loadRecordedScenario } from "../../run/loadRecordedScenario.ts";
import { sha256Hex } from "../../run/scenarioHash.ts";
import type { CliIo } from "../../io/cliIo.ts";

export interface ReplayArgs {
  "run-dir": string;
}

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
  const rows = simulate(scenario.model, artifacts.steps).slice(artifacts.first_step - 1);
  const comparison = compareRecordedMetrics(recorded, rows);
  for (const note of notes) io.stdout(`note: ${note}\n`);
  if (comparison.identical) {
    io.stdout(`replay ${artifacts.scenario}: identical (${comparison.rowsCompared} rows, steps ${artifacts.first_step}..${artifacts.steps}, seed ${artifacts.seed})\n`);
    return notes.length > 0 ? EXIT.checkFailed : EXIT.ok;
  }
  const d = comparison.firstDifference!;
  io.stdout(
    `replay ${artifacts.scenario}: DIFFERENT at metrics.jsonl line ${d.line}, step ${Number.isNaN(d.step) ? "?" : d.step}, key ${d.key}: expected (recorded) ${d.expected}, actual (re-run) ${d.actual}\n` +
      `reproduce: npx sim run ${join(args["run-dir"], RUN_FILES.resolvedScenario)} --seed ${artifacts.seed} --steps ${artifacts.steps}\n`,
  );
  return EXIT.checkFailed;
}
