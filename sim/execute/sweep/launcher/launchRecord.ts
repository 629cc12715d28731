import { existsSync } from "node:fs";
import { join } from "node:path";
import type { JSONSchemaType } from "ajv";
import { nullOr, type SchemaCheck } from "../../../input/jsonSchemaFields.ts";
import * as checks from "../../../input/schemaChecks.generated.ts";
import { writeFileAtomicallySync } from "../../../io/atomicWrite.ts";
import { readTextFile } from "../../../io/readTextFile.ts";
import { parseCheckedJson } from "../../../input/parseCheckedJson.ts";
import type { SweepConfig } from "../loadSweep.ts";
import type { ManifestConfig } from "../sweepManifest.ts";
import { assignBins } from "../../pool/shard.ts";

export const LAUNCH_RECORD_FILE = "launch.json";

/** One job submitted for a sweep: its id, its tasks (one per shard) and which configs they share. */
export interface Submission {
  readonly job_id: string;
  readonly tasks: number;
  /** The batch script, relative to the sweep directory. */
  readonly script: string;
  /** The configs this job runs, in sweep order; null for every config of the sweep. */
  readonly configs: readonly string[] | null;
}

/**
 * DIR/launch.json: the jobs submitted for the sweep in DIR, so that `sim sweep status`
 * can tell a config still queued or running on the cluster from one that is lost, and
 * `--only-missing` can refuse while a job still runs. Written only after the engine
 * accepted a job, so a refused submission leaves nothing that looks alive.
 */
export interface LaunchRecord {
  readonly format: "sim-sweep-launch";
  readonly format_version: 1;
  readonly launcher: "slurm";
  readonly sweep_sha256: string;
  readonly submissions: readonly Submission[];
}

/** launch.json's JSON Schema, held to LaunchRecord by JSONSchemaType. */
export const LAUNCH_RECORD_SCHEMA: JSONSchemaType<LaunchRecord> = {
  type: "object",
  required: ["format", "format_version", "launcher", "sweep_sha256", "submissions"],
  properties: {
    format: { type: "string", const: "sim-sweep-launch" },
    format_version: { type: "integer", const: 1 },
    launcher: { type: "string", const: "slurm" },
    sweep_sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
    submissions: {
      type: "array",
      items: {
        type: "object",
        required: ["job_id", "tasks", "script", "configs"],
        properties: {
          job_id: { type: "string", pattern: "^[0-9]+$" },
          tasks: { type: "integer", minimum: 1 },
          script: { type: "string" },
          configs: nullOr({ type: "array", items: { type: "string" } }),
        },
      },
    },
  },
};
/** LAUNCH_RECORD_SCHEMA's check, compiled ahead of time (tools/schemaChecks/formatSchemas.ts). */
const validate: SchemaCheck<LaunchRecord> = checks.launchRecord;

/** DIR/launch.json, or undefined when no job was ever submitted for DIR; a broken one is bad input (exit 2). */
export function readLaunchRecord(dir: string): LaunchRecord | undefined {
  const file = join(dir, LAUNCH_RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const text = readTextFile(file, { kind: "launch record (sim sweep --launcher writes it)" });
  return parseCheckedJson(file, text, validate, "a launch record");
}

/** Adds a submission accepted by the engine to DIR/launch.json (written atomically). */
export function recordSubmission(dir: string, sweepSha256: string, submission: Submission): LaunchRecord {
  const existing = readLaunchRecord(dir);
  const record: LaunchRecord = {
    format: "sim-sweep-launch",
    format_version: 1,
    launcher: "slurm",
    sweep_sha256: sweepSha256,
    submissions: [...(existing?.sweep_sha256 === sweepSha256 ? existing.submissions : []), submission],
  };
  writeFileAtomicallySync(join(dir, LAUNCH_RECORD_FILE), JSON.stringify(record, null, 2) + "\n");
  return record;
}

/**
 * Which job and task runs each config: the latest submission naming it wins (an
 * `--only-missing` resubmission takes over its configs). Task numbers are 1-based, as
 * the shards they are: task i of a job runs shard i/tasks of the job's configs.
 */
export function taskOfConfig(record: LaunchRecord, configs: readonly (ManifestConfig | SweepConfig)[]): Map<string, { jobId: string; task: number }> {
  const costOf = (config: ManifestConfig | SweepConfig): number => ("cost_rank_steps" in config ? config.cost_rank_steps : config.costRankSteps);
  const owner = new Map<string, { jobId: string; task: number }>();
  for (const submission of record.submissions) {
    const named = submission.configs === null ? undefined : new Set(submission.configs);
    const jobConfigs = named === undefined ? configs : configs.filter((config) => named.has(config.name));
    // The bins of itemsOfShard, dealt once for all tasks.
    const bins = assignBins(jobConfigs.map(costOf), submission.tasks);
    jobConfigs.forEach((config, i) => owner.set(config.name, { jobId: submission.job_id, task: (bins[i] as number) + 1 }));
  }
  return owner;
}
