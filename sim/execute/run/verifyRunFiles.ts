import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { fileSha256 } from "../../io/fileSha256.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { scenarioSha256, sha256Hex } from "./scenarioHash.ts";

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

/**
 * Scenario hashes already taken in this process, by the sha256 of the file's text: the
 * same bytes parse to the same scenario. `sim sweep merge` checks each run in its shard
 * and then again in --out, where it is the same file hard-linked (or a copy of it), so
 * the TOML parse, most of checking a run, is done once per run rather than twice. A few
 * hundred bytes an entry: 20 MB at the 100,000-config limit of a sweep.
 */
const scenarioHashByText = new Map<string, string>();

function scenarioProblems(runDir: string, recorded: string): string[] {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  let hash: string;
  try {
    const text = readTextFile(file, { kind: "run's scenario.resolved.toml" });
    const textSha256 = sha256Hex(text);
    hash = scenarioHashByText.get(textSha256) ?? scenarioSha256(parseTomlText(text, file));
    scenarioHashByText.set(textSha256, hash);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [error.message];
  }
  if (hash === recorded) return [];
  return [`${file} does not match artifacts.json's scenario_sha256 (${hash.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): the scenario was edited after the run`];
}
