import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { fileSha256AndText } from "../../io/fileSha256.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import { parseStringifiedToml } from "../../input/scenario/stringifiedToml.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { scenarioSha256, sha256Hex } from "./scenarioHash.ts";

/** What checking a completed run's files found (RunStore.checkFiles). */
export interface CheckedRunFiles {
  /** What does not match artifacts.json, in words; empty when both files match. */
  readonly problems: readonly string[];
  /** scenario.resolved.toml's text as it was checked, when it could be read. */
  readonly scenarioText?: string;
  /** metrics.jsonl's text as it was hashed, when it was asked for and no longer than asked. */
  readonly metricsText?: string;
}

/**
 * What in a completed run directory does not match its artifacts.json: metrics.jsonl's
 * bytes against `metrics_sha256` (a row lost, a value edited, the last newline cut), and
 * scenario.resolved.toml against `scenario_sha256` (a key edited after the run, so the
 * record no longer says what ran). No problems when both match; a file that cannot be
 * read or parsed is a problem too, in words. The metrics are hashed a chunk at a time, so
 * a run of any length is checked in flat memory; a file of at most `keepMetricsTextBytes`
 * is read whole and its text returned, for a caller that reads its rows next. The
 * scenario's hash is of its parsed data (scenarioHash.ts), so the file is parsed, as `sim
 * replay` does: the larger part of checking a small config (stringifiedToml.ts reads the
 * harness's own layout of it).
 */
export function checkRunFiles(runDir: string, artifacts: Pick<RunArtifacts, "metrics_sha256" | "scenario_sha256">, keepMetricsTextBytes = 0): CheckedRunFiles {
  const metrics = metricsProblems(runDir, artifacts.metrics_sha256, keepMetricsTextBytes);
  const scenario = scenarioProblems(runDir, artifacts.scenario_sha256);
  return {
    problems: [...metrics.problems, ...scenario.problems],
    ...(scenario.text === undefined ? {} : { scenarioText: scenario.text }),
    ...(metrics.text === undefined ? {} : { metricsText: metrics.text }),
  };
}

function metricsProblems(runDir: string, recorded: string, keepTextBytes: number): { problems: string[]; text?: string } {
  const metrics = join(runDir, RUN_FILES.metrics);
  let read: { sha256: string; text?: string };
  try {
    read = fileSha256AndText(metrics, { kind: "run's metrics" }, keepTextBytes);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { problems: [error.message] };
  }
  const hash = read.sha256;
  if (hash === recorded) return { problems: [], ...(read.text === undefined ? {} : { text: read.text }) };
  return {
    problems: [
      `${metrics} does not match artifacts.json's metrics_sha256 (${hash.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): the file was changed or damaged after the run`,
    ],
  };
}

/**
 * Scenario hashes already taken in this process, by the sha256 of the file's text: the
 * same bytes parse to the same scenario. `sim sweep merge` checks each run in its shard
 * and then again in --out, where it is the same file hard-linked (or a copy of it), so
 * the TOML parse, most of checking a run, is done once per run rather than twice. A few
 * hundred bytes an entry: 20 MB at the 100,000-config limit of a sweep.
 */
const scenarioHashByText = new Map<string, string>();

function scenarioProblems(runDir: string, recorded: string): { problems: string[]; text?: string } {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  let hash: string;
  let text: string;
  try {
    text = readTextFile(file, { kind: "run's scenario.resolved.toml" });
    const textSha256 = sha256Hex(text);
    // The file is read by smol-toml, three times faster than the general parser, which reads what smol-toml leaves to it (stringifiedToml.ts).
    hash = scenarioHashByText.get(textSha256) ?? scenarioSha256(parseStringifiedToml(text) ?? parseTomlText(text, file));
    scenarioHashByText.set(textSha256, hash);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { problems: [error.message] };
  }
  if (hash === recorded) return { problems: [], text };
  return {
    problems: [`${file} does not match artifacts.json's scenario_sha256 (${hash.slice(0, 12)}, recorded ${recorded.slice(0, 12)}): the scenario was edited after the run`],
    text,
  };
}
