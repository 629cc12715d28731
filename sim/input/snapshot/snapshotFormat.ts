import type { EngineSnapshot } from "../../../src/engine/engineSnapshot.ts";

export const SNAPSHOT_FORMAT = "sim-snapshot";
export const SNAPSHOT_FORMAT_VERSION = 1;

/** A harness snapshot file: a header that identifies the run, then the engine's whole state. */
export interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly format_version: number;
  readonly harness_version: string;
  readonly scenario: string;
  /** scenarioSha256 of the resolved scenario it was taken from (sim/execute/run/scenarioHash.ts). */
  readonly scenario_sha256: string;
  /** The last completed step; the resumed run continues at step + 1. */
  readonly step: number;
  readonly engine: EngineSnapshot;
}
