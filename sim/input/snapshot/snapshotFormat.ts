import type { EngineSnapshot } from "../../../src/engine/engineSnapshot.ts";
import type { SchemaCheck } from "../jsonSchemaFields.ts";
import * as checks from "../schemaChecks.generated.ts";

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

/**
 * The check of a snapshot file: snapshotFileSchema.ts's schema, compiled ahead of time
 * (formatSchemas.ts). The schema has a file of its own, out of the published
 * declarations, which name no ajv type (ajv is bundled, not installed).
 */
export const validateSnapshotFile: SchemaCheck<SnapshotFile> = checks.snapshotFile;
