import type { JSONSchemaType } from "ajv";
import { nullOr, optionalField, type SchemaCheck } from "../../input/jsonSchemaFields.ts";
import { LIMITS } from "../../limits.ts";
import * as checks from "../../input/schemaChecks.generated.ts";
import { recordSchemaProblems } from "../../input/scenario/schemaErrors.ts";
import { ARTIFACTS_FORMAT_VERSION, type RunArtifacts } from "./runArtifacts.ts";

const sha256 = { type: "string", pattern: "^[0-9a-f]{64}$", description: "a sha256: 64 lowercase hex digits" } as const;

/**
 * The JSON Schema of artifacts.json (runArtifacts.ts), as `sim replay`, `sim report`,
 * `sim export` and `sim sweep status` read it back. Fields a later format may add are let
 * through; what only the run directory can say (its files, its metrics' hash) is checked
 * by the command that needs it.
 */
export const ARTIFACTS_SCHEMA: JSONSchemaType<RunArtifacts> = {
  type: "object",
  required: ["format_version", "scenario", "seed", "steps", "first_step", "harness_version", "scenario_sha256", "metrics_sha256", "resumed_from", "per_rank", "trace", "files"],
  properties: {
    format_version: { type: "integer", minimum: 1, maximum: ARTIFACTS_FORMAT_VERSION },
    scenario: { type: "string", minLength: 1 },
    seed: { type: "integer", minimum: 0 },
    steps: { type: "integer", minimum: 1, maximum: LIMITS.steps },
    first_step: { type: "integer", minimum: 1, maximum: LIMITS.steps },
    harness_version: { type: "string", minLength: 1 },
    scenario_sha256: sha256,
    metrics_sha256: sha256,
    resumed_from: {
      ...nullOr({
        type: "object",
        additionalProperties: false,
        required: ["snapshot", "step"],
        properties: { snapshot: { type: "string" }, step: { type: "integer", minimum: 0 } },
      }),
      description: "null, or the snapshot the run resumed from: { snapshot, step }",
    },
    per_rank: { type: "boolean" },
    trace: { type: "boolean" },
    tensorboard_dir: optionalField({ type: "string", minLength: 1 }),
    wandb_dir: optionalField({ type: "string", minLength: 1 }),
    wandb_run_id: optionalField({ type: "string", pattern: "^[a-z0-9]{8}$" }),
    wandb_mode: optionalField({ type: "string", enum: ["offline"] }),
    metrics_every: optionalField({ type: "integer", minimum: 1, maximum: LIMITS.steps }),
    files: { type: "array", items: { type: "string" } },
  },
};

/** ARTIFACTS_SCHEMA's check, compiled ahead of time (formatSchemas.ts). */
const validateArtifacts: SchemaCheck<RunArtifacts> = checks.artifacts;

/**
 * What makes `value` (parsed artifacts.json) not a run manifest, one sentence each
 * naming the field; empty when it is one. Every reader of artifacts.json asks this one
 * question, so that `sim replay` and `sim sweep status` never disagree on a manifest.
 */
export function artifactsProblems(value: unknown): string[] {
  if (!validateArtifacts(value)) return recordSchemaProblems(validateArtifacts.errors, value);
  const { first_step: firstStep, steps } = value;
  return firstStep > steps ? [`first_step ${firstStep} is past steps ${steps}`] : [];
}

/** Whether `value` (parsed artifacts.json) is a run manifest: artifactsProblems finds nothing. */
export function isRunArtifacts(value: unknown): value is RunArtifacts {
  return artifactsProblems(value).length === 0;
}
