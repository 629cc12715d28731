import { Ajv } from "ajv";
import { LIMITS } from "../../limits.ts";
import type { SchemaValidator } from "../scenario/schemaErrors.ts";

/**
 * The JSON Schema of a snapshot file's `engine` (src/engine/engineSnapshot.ts): every
 * rank's dataset and ledger state. The shape is checked here; what only the scenario can
 * say (slices, capacities, K, owner ranks) is checked by checkSnapshotState.
 */
const count = { type: "integer", minimum: 0 } as const;
const step = { type: "integer", minimum: 0, maximum: LIMITS.steps } as const;
const streamIndex = { type: "integer", minimum: 0, maximum: LIMITS.streams - 1 } as const;
const gid = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const evictionCounts = { type: "object", additionalProperties: false, required: ["lru", "stale"], properties: { lru: count, stale: count } } as const;
const perStream = (items: object) => ({ type: "array", maxItems: LIMITS.streams, items }) as const;

const datasetSnapshot = {
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
} as const;

const ledgerSnapshot = {
  type: "object",
  additionalProperties: false,
  required: ["entries", "recentlyEvicted", "evictCounts", "falseEvictCounts", "wipeCount"],
  properties: {
    entries: { type: "array", maxItems: LIMITS.ledgerCapacity, items: { type: "array", minItems: 2, maxItems: 2, items: [gid, step] } },
    recentlyEvicted: { type: "array", maxItems: LIMITS.recentlyEvictedCapacity, items: { type: "array", minItems: 2, maxItems: 2, items: [gid, { enum: ["lru", "stale"] }] } },
    evictCounts: evictionCounts,
    falseEvictCounts: evictionCounts,
    wipeCount: count,
  },
} as const;

export const ENGINE_SNAPSHOT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["step", "datasets", "ledgers"],
  properties: {
    step,
    datasets: { type: "array", minItems: 1, maxItems: LIMITS.worldSize, items: datasetSnapshot },
    ledgers: { type: "array", minItems: 1, maxItems: LIMITS.worldSize, items: ledgerSnapshot },
  },
} as const;

/** The check of a snapshot's `engine`; typed as a SchemaValidator so that the published declarations need no ajv. */
export const validateEngineSnapshot: SchemaValidator = new Ajv({ allErrors: true, verbose: true, strict: true, strictTuples: false }).compile(ENGINE_SNAPSHOT_SCHEMA);
