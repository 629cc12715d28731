import type { JSONSchemaType } from "ajv";
import type { EngineSnapshot } from "../../../src/engine/engineSnapshot.ts";
import { EVICTION_MODES } from "../../../src/ledger/evictionMode.ts";
import type { LedgerSnapshot } from "../../../src/ledger/ledgerCluster.ts";
import type { DatasetSnapshot } from "../../../src/streamMixing/dataset.ts";
import { LIMITS } from "../../limits.ts";
import { harnessFileHeader } from "../jsonSchemaFields.ts";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type SnapshotFile } from "./snapshotFormat.ts";

/**
 * The JSON Schema of a snapshot file: its header and its `engine`
 * (src/engine/engineSnapshot.ts), every rank's dataset and ledger state, held to
 * SnapshotFile by ajv's JSONSchemaType. The shape is checked here; what only the scenario
 * can say (slices, capacities, K, owner ranks) is checked by checkSnapshotState.
 */
const count = { type: "integer", minimum: 0 } as const;
const step = { type: "integer", minimum: 0, maximum: LIMITS.steps } as const;
const streamIndex = { type: "integer", minimum: 0, maximum: LIMITS.streams - 1 } as const;
const gid = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const evictionCounts = { type: "object", additionalProperties: false, required: ["lru", "stale"], properties: { lru: count, stale: count } } as const;
const perStream = <const S extends object>(items: S) => ({ type: "array", maxItems: LIMITS.streams, items }) as const;

const datasetSnapshot: JSONSchemaType<DatasetSnapshot> = {
  type: "object",
  additionalProperties: false,
  required: ["epoch", "batchCount", "pool", "poolHead", "active", "positions", "joinedSteps", "lastPickedStep", "exhaustEventsDelta", "pickRng"],
  properties: {
    epoch: count,
    batchCount: count,
    pool: perStream(streamIndex),
    poolHead: count,
    active: { type: "array", maxItems: LIMITS.numStreamsMixed, items: streamIndex },
    positions: perStream({ type: "integer", minimum: 0, maximum: LIMITS.cellsPerStream }),
    joinedSteps: perStream(step),
    lastPickedStep: perStream({ type: "integer", minimum: -1, maximum: LIMITS.steps }),
    exhaustEventsDelta: count,
    pickRng: {
      type: "object",
      additionalProperties: false,
      required: ["label", "prng"],
      properties: {
        label: { type: "string", minLength: 1 },
        prng: {
          type: "object",
          additionalProperties: false,
          required: ["c", "s0", "s1", "s2"],
          properties: { c: { type: "number", minimum: 0 }, s0: { type: "number" }, s1: { type: "number" }, s2: { type: "number" } },
        },
      },
    },
  },
};

const ledgerSnapshot: JSONSchemaType<LedgerSnapshot> = {
  type: "object",
  additionalProperties: false,
  required: ["entries", "recentlyEvicted", "evictCounts", "falseEvictCounts", "wipeCount"],
  properties: {
    entries: { type: "array", maxItems: LIMITS.ledgerCapacity, items: { type: "array", minItems: 2, maxItems: 2, items: [gid, step] } },
    recentlyEvicted: {
      type: "array",
      maxItems: LIMITS.recentlyEvictedCapacity,
      items: { type: "array", minItems: 2, maxItems: 2, items: [gid, { type: "string", enum: EVICTION_MODES }] },
    },
    evictCounts: evictionCounts,
    falseEvictCounts: evictionCounts,
    wipeCount: count,
  },
};

const engineSnapshot: JSONSchemaType<EngineSnapshot> = {
  type: "object",
  additionalProperties: false,
  required: ["step", "datasets", "ledgers"],
  properties: {
    step,
    datasets: { type: "array", minItems: 1, maxItems: LIMITS.worldSize, items: datasetSnapshot },
    ledgers: { type: "array", minItems: 1, maxItems: LIMITS.worldSize, items: ledgerSnapshot },
  },
};

/** The header's fields are checked one by one first (parseSnapshotFile), for messages that say what this harness reads; a file of another harness may add header fields. */
export const SNAPSHOT_FILE_SCHEMA: JSONSchemaType<SnapshotFile> = {
  type: "object",
  required: ["format", "format_version", "harness_version", "scenario", "scenario_sha256", "step", "engine"],
  properties: {
    ...harnessFileHeader(SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION),
    scenario: { type: "string" },
    scenario_sha256: { type: "string" },
    step: { type: "integer", minimum: 0 },
    engine: engineSnapshot,
  },
};
