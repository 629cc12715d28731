import { UserError } from "../../../src/errors.ts";
import type { SchemaCheck } from "../jsonSchemaFields.ts";
import { describeJsonError } from "../../io/jsonError.ts";
import { isJsonObject } from "../../format/jsonObject.ts";
import * as checks from "../schemaChecks.generated.ts";
import { recordSchemaProblems } from "../scenario/schemaErrors.ts";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type SnapshotFile } from "./snapshotFormat.ts";

/**
 * The check of a snapshot file: snapshotFileSchema.ts's schema, compiled ahead of time
 * (formatSchemas.ts). It lives with the reading of a snapshot, apart from the writing
 * (snapshotFile.ts), so that a run that only writes snapshots, every sweep worker's, does
 * not load the schema checks, the scenario's error messages and the TOML parser they
 * bring (a third of what a sweep worker loaded before its first config).
 */
export const validateSnapshotFile: SchemaCheck<SnapshotFile> = checks.snapshotFile;

/**
 * Parses a snapshot file's text. Invalid or truncated JSON names the file, line and
 * column; a file that is JSON but not a snapshot says which field is wrong.
 */
export function parseSnapshotFile(text: string, file: string): SnapshotFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const described = describeJsonError(text, error);
    const at = described.line === undefined ? "" : `:${described.line}:${described.column}`;
    const truncated = described.truncated ? " (the file looks truncated)" : "";
    throw new UserError(`${file}${at}: not a valid snapshot: invalid JSON${truncated}: ${described.reason}`);
  }
  const bad = (why: string): never => {
    throw new UserError(`${file}: not a valid snapshot: ${why}`);
  };
  if (!isJsonObject(value)) return bad("expected a JSON object");
  const record = value;
  if (record.format !== SNAPSHOT_FORMAT) bad(`"format" is ${JSON.stringify(record.format)}, expected "${SNAPSHOT_FORMAT}"`);
  if (record.format_version !== SNAPSHOT_FORMAT_VERSION) {
    bad(`snapshot format version ${JSON.stringify(record.format_version)}; this harness reads version ${SNAPSHOT_FORMAT_VERSION}`);
  }
  for (const key of ["harness_version", "scenario", "scenario_sha256"] as const) {
    if (typeof record[key] !== "string") bad(`"${key}" must be a string`);
  }
  if (typeof record.step !== "number" || !Number.isInteger(record.step) || record.step < 0) bad(`"step" must be an integer >= 0`);
  const engine = record.engine;
  if (!isJsonObject(engine) || !Array.isArray(engine.datasets) || !Array.isArray(engine.ledgers)) {
    return bad(`"engine" must hold "datasets" and "ledgers" lists`);
  }
  if (engine.step !== record.step) bad(`the header's step ${String(record.step)} differs from the engine's step ${String(engine.step)}`);
  if (!validateSnapshotFile(record)) return bad(recordSchemaProblems(validateSnapshotFile.errors, record).join("; "));
  return record;
}

/**
 * Refuses a snapshot that does not belong to this run: another harness version,
 * another scenario (both hashes named), another world size, or a step past the end.
 */
export function checkSnapshotFits(
  snapshot: SnapshotFile,
  file: string,
  run: { harnessVersion: string; scenario: string; scenarioSha256: string; steps: number; worldSize: number },
): void {
  if (snapshot.harness_version !== run.harnessVersion) {
    throw new UserError(
      `${file}: snapshot was written by harness version ${snapshot.harness_version}; this is version ${run.harnessVersion}, whose state format may differ; rerun the scenario to take a new snapshot`,
    );
  }
  if (snapshot.scenario_sha256 !== run.scenarioSha256) {
    throw new UserError(
      `${file}: snapshot belongs to another scenario: it was taken from "${snapshot.scenario}" with resolved-scenario sha256 ${snapshot.scenario_sha256}, but "${run.scenario}" resolves to sha256 ${run.scenarioSha256} (run.steps is not part of the hash)`,
    );
  }
  if (snapshot.engine.datasets.length !== run.worldSize || snapshot.engine.ledgers.length !== run.worldSize) {
    throw new UserError(`${file}: snapshot holds ${snapshot.engine.datasets.length} ranks; the scenario has world_size ${run.worldSize}`);
  }
  if (snapshot.step > run.steps) {
    throw new UserError(`${file}: snapshot is at step ${snapshot.step}, beyond --steps ${run.steps}; resume with --steps >= ${snapshot.step}`);
  }
}
