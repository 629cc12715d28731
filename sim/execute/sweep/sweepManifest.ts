import { existsSync } from "node:fs";
import { join } from "node:path";
import type { JSONSchemaType } from "ajv";
import { harnessFileHeader, type SchemaCheck } from "../../input/jsonSchemaFields.ts";
import * as checks from "../../input/schemaChecks.generated.ts";
import { UserError } from "../../../src/errors.ts";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { parseCheckedJson } from "../../input/parseCheckedJson.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";
import { HARNESS_VERSION } from "../../version.ts";
import type { LoadedSweep } from "./loadSweep.ts";
import { pointOfManifest, sweepSha256Of } from "./sweepSha256.ts";

export const SWEEP_MANIFEST_FILE = "sweep.json";
export const SWEEP_MANIFEST_FORMAT = "sim-sweep";
export const SWEEP_MANIFEST_FORMAT_VERSION = 1;

/** One config's routing in sweep.json: fixed before the first run, so every run has one place. */
export interface ManifestConfig {
  readonly name: string;
  /** The swept keys and their values, in the sweep's declared order. */
  readonly point: Readonly<Record<string, TomlValue>>;
  readonly scenario_sha256: string;
  readonly steps: number;
  readonly cost_rank_steps: number;
  /** The run directory, relative to the directory holding sweep.json. */
  readonly destination: string;
}

/** sweep.json (docs/sweeps.md): the same bytes for every shard of one sweep, so shards may share a directory. */
export interface SweepManifest {
  readonly format: typeof SWEEP_MANIFEST_FORMAT;
  readonly format_version: number;
  readonly sweep_sha256: string;
  readonly harness_version: string;
  readonly scenario: string;
  readonly axes: readonly string[];
  readonly configs: readonly ManifestConfig[];
}

export function manifestOf(sweep: LoadedSweep): SweepManifest {
  return {
    format: SWEEP_MANIFEST_FORMAT,
    format_version: SWEEP_MANIFEST_FORMAT_VERSION,
    sweep_sha256: sweep.sweepSha256,
    harness_version: HARNESS_VERSION,
    scenario: sweep.scenarioName,
    axes: sweep.axisKeys,
    configs: sweep.configs.map((config) => ({
      name: config.name,
      point: Object.fromEntries(config.point),
      scenario_sha256: config.scenarioSha256,
      steps: config.steps,
      cost_rank_steps: config.costRankSteps,
      destination: config.name,
    })),
  };
}

export function formatManifest(manifest: SweepManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Writes DIR/sweep.json atomically before anything runs. A directory that already holds
 * a sweep.json of another sweep or harness version is refused: its runs belong to that
 * sweep, and mixing them would misroute results.
 */
export function writeManifest(dir: string, manifest: SweepManifest): void {
  const file = join(dir, SWEEP_MANIFEST_FILE);
  if (existsSync(file)) {
    const existing = readManifest(dir);
    if (existing.sweep_sha256 !== manifest.sweep_sha256 || existing.harness_version !== manifest.harness_version) {
      throw new UserError(
        `${file} belongs to another sweep (sweep_sha256 ${existing.sweep_sha256.slice(0, 12)}, harness ${existing.harness_version}; this one is ${manifest.sweep_sha256.slice(0, 12)}, harness ${manifest.harness_version}): choose another --out or empty it`,
      );
    }
  }
  writeFileAtomicallySync(file, formatManifest(manifest));
}

const sha256Hex = { type: "string", pattern: "^[0-9a-f]{64}$" } as const;
/** sweep.json's JSON Schema, held to SweepManifest by JSONSchemaType; a point's values are not checked one by one: sweep_sha256, recomputed on reading, covers them. */
export const SWEEP_MANIFEST_SCHEMA: JSONSchemaType<SweepManifest> = {
  type: "object",
  required: ["format", "format_version", "sweep_sha256", "harness_version", "scenario", "axes", "configs"],
  properties: {
    ...harnessFileHeader(SWEEP_MANIFEST_FORMAT, SWEEP_MANIFEST_FORMAT_VERSION),
    sweep_sha256: sha256Hex,
    scenario: { type: "string" },
    axes: { type: "array", items: { type: "string" } },
    configs: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "point", "scenario_sha256", "steps", "cost_rank_steps", "destination"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9._=+~-]+$" },
          point: { type: "object", required: [] },
          scenario_sha256: sha256Hex,
          steps: { type: "integer", minimum: 1 },
          cost_rank_steps: { type: "integer", minimum: 1 },
          destination: { type: "string", pattern: "^[A-Za-z0-9._=+~-]+$" },
        },
      },
    },
  },
};
/** SWEEP_MANIFEST_SCHEMA's check, compiled ahead of time (tools/schemaChecks/formatSchemas.ts). */
const validateManifest: SchemaCheck<SweepManifest> = checks.sweepManifest;

/** Reads and checks DIR/sweep.json; a missing, hand-broken or foreign file is bad input (exit 2). */
export function readManifest(dir: string): SweepManifest {
  const file = join(dir, SWEEP_MANIFEST_FILE);
  const text = readTextFile(file, { kind: "sweep manifest (sim sweep writes it before the first run)", maxBytes: "sweepManifestBytes" });
  const manifest = parseCheckedJson(file, text, validateManifest, "a sweep manifest");
  const recomputed = sweepSha256Of(manifest.configs.map((c) => ({ name: c.name, point: pointOfManifest(c.point), scenario_sha256: c.scenario_sha256, steps: c.steps })));
  if (recomputed !== manifest.sweep_sha256) {
    throw new UserError(
      `${file}: its configs do not match its own sweep_sha256 (${manifest.sweep_sha256.slice(0, 12)}; they hash to ${recomputed.slice(0, 12)}): the file was edited or damaged after the sweep wrote it (a config removed or changed); rerun \`sim sweep\` with the sweep file to write it again`,
    );
  }
  const names = new Set<string>();
  for (const config of manifest.configs) {
    if (names.has(config.name)) throw new UserError(`${file}: config ${config.name} is listed twice`);
    names.add(config.name);
  }
  return manifest;
}
