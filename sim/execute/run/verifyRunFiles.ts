import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { fileSha256 } from "../../io/fileSha256.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { RUN_FILES } from "./runFiles.ts";

/**
 * What in a completed run directory does not match its artifacts.json: metrics.jsonl's
 * bytes against `metrics_sha256` (a row lost, a value edited, the last newline cut).
 * Empty when it matches; a file that cannot be read is a problem too, in words. The
 * metrics are hashed a chunk at a time, so a run of any length is checked in flat
 * memory, and a sweep's 10,000 small configs in about a second. (scenario_sha256 is a
 * hash of the parsed scenario, not of the file's bytes: checking it means parsing TOML,
 * which `sim replay` does and a sweep's status, at a millisecond a config, does not.)
 */
export function runFileProblems(runDir: string, artifacts: Pick<RunArtifacts, "metrics_sha256">): string[] {
  const metrics = join(runDir, RUN_FILES.metrics);
  let hash: string;
  try {
    hash = fileSha256(metrics, { kind: "run's metrics" });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [error.message];
  }
  if (hash === artifacts.metrics_sha256) return [];
  return [`${metrics} does not match artifacts.json's metrics_sha256 (${hash.slice(0, 12)}, recorded ${artifacts.metrics_sha256.slice(0, 12)}): the file was changed or damaged after the run`];
}
