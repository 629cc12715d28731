import type { Engine } from "../../../src/engine/engine.ts";
import { HARNESS_VERSION } from "../../version.ts";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type SnapshotFile } from "./snapshotFormat.ts";

/** The snapshot of `engine` at the end of its last step, with this harness's header for the run of `scenario`. */
export function snapshotFileOf(scenario: { readonly name: string; readonly sha256: string }, engine: Engine): SnapshotFile {
  return {
    format: SNAPSHOT_FORMAT,
    format_version: SNAPSHOT_FORMAT_VERSION,
    harness_version: HARNESS_VERSION,
    scenario: scenario.name,
    scenario_sha256: scenario.sha256,
    step: engine.step,
    engine: engine.toSnapshot(),
  };
}

/** The file's text: pretty JSON, so that an error position reads as a useful line. */
export function formatSnapshotFile(snapshot: SnapshotFile): string {
  return JSON.stringify(snapshot, null, 1) + "\n";
}
