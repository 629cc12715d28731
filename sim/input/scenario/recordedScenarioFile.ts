import { basename, dirname } from "node:path";
import { hasRunMarker } from "../../format/runMarker.ts";
import { RUN_FILES } from "../../format/runFiles.ts";

/**
 * Whether `file` is a run directory's record of the scenario as run: the
 * scenario.resolved.toml beside the run marker. Its `run.baseline` is a record of the
 * diagnostic's baseline as its original scenario named it, not a file to look up: the
 * baseline lived beside that scenario, not in the run directory, and does not change what
 * runs. So the record runs alone (`sim run runs/<name>/scenario.resolved.toml`, the line a
 * report prints to reproduce a run) and its bytes, and with them the scenario hash that
 * artifacts.json and snapshots record, stay those of the run. The name is compared first,
 * so a scenario file elsewhere costs no file system look-up (a sweep loads 100,000).
 */
export function isRecordedScenarioFile(file: string): boolean {
  return basename(file) === RUN_FILES.resolvedScenario && hasRunMarker(dirname(file));
}
