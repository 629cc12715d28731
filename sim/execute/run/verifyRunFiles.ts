import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { fileSha256 } from "../../io/fileSha256.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { scenarioSha256 } from "./scenarioHash.ts";

/**
 * What in a completed run directory does not match its artifacts.json: metrics.jsonl's
 * bytes against `metrics_sha256` (a row lost, a value edited, the last newline cut), and
 * scenario.resolved.toml against `scenario_sha256` (a key edited after the run, so the
 * record no longer says what ran). Empty when both match; a file that cannot be read or
 * parsed is a problem too, in words. The metrics are hashed a chunk at a time, so a run
 * of any length is checked in flat memory. The scenario's hash is of its parsed data
 * (scenarioHash.ts), so the file is parsed, as `sim replay` does: the larger part of
 * checking a small config.
 */
export function runFileProblems(runDir: string, artifacts: Pick<RunArtifacts, "metrics_sha256" | "scenario_sha256">): string[] {
  return [...metricsProblems(runDir, artifacts.metrics_sha256), ...scenarioProblems(runDir, artifacts.scenario_sha256)];
}

function metricsProblems(runDir: string, recorded: string): string[] {
  const metrics = join(runDir, RUN_FILES.metrics);
  let hash: string;
  try {
    hash = fileSha256(metrics, { kind: "run's metrics" });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [error.message];
  }
  if (hash === recorded) return [];
  return [`${metrics} does not match artifacts.json's metrics_sha256 (${hash.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): the file was changed or damaged after the run`];
}

function scenarioProblems(runDir: string, recorded: string): string[] {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  let hash: string;
  try {
    hash = scenarioSha256(parseTomlText(readTextFile(file, { kind: "run's scenario.resolved.toml" }), file));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [error.message];
  }
  if (hash === recorded) return [];
  return [`${file} does not match artifacts.json's scenario_sha256 (${hash.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): the scenario was edited after the run`];
}
