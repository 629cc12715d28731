import { BATCHING_MODES, LAYOUTS, PICK_WEIGHTINGS, WIPE_MODES } from "../../src/config/modelConfig.ts";
import { LIMITS, type LimitName, limitComment } from "../limits.ts";
import { COMBINES, EXPECTATION_OPS, EXPECTATION_STATS } from "./scenario.ts";

/**
 * The JSON Schema of a scenario file after `extends` is merged. Every table refuses
 * keys it does not declare, as the training stack's strict-key config check does. The
 * `description` of a property is the phrase an error message uses for what was expected
 * (see schemaErrors.ts), so keep it short and in the words a user reads.
 */

/** Seeds are 32-bit unsigned integers, as the training stack's are. */
export const MAX_SEED = 4294967295;

const integerAtLeast = (minimum: number) => ({ type: "integer", minimum }) as const;
/**
 * An integer of at least `minimum` and at most the named harness limit (sim/limits.ts).
 * The `$comment` names the limit, so that schemaErrors.ts can say which limit a value
 * passes, and leaves it out of "expected an integer >= 1" where the minimum is at fault.
 */
const integerWithin = (minimum: number, limit: LimitName) => ({ type: "integer", minimum, maximum: LIMITS[limit], $comment: limitComment(limit) }) as const;
const nonNegativeNumber = { type: "number", minimum: 0 } as const;

const cellCount = {
  description: "a cell count (an integer >= 0) or a [min, max] pair of integers >= 0",
  anyOf: [
    integerWithin(0, "cellsPerStream"),
    { type: "array", items: integerWithin(0, "cellsPerStream"), minItems: 2, maxItems: 2, description: "a [min, max] pair of cell counts (2 integers >= 0)" },
  ],
} as const;

const nestedGroup = {
  type: "object",
  additionalProperties: false,
  required: ["modality", "streams", "cells"],
  properties: {
    modality: { type: "string", minLength: 1, pattern: "^[^/]+$", description: "a non-empty modality name without '/'" },
    streams: integerWithin(1, "streams"),
    cells: cellCount,
    bs: integerAtLeast(1),
  },
} as const;

const directStream = {
  type: "object",
  additionalProperties: false,
  required: ["path", "cells"],
  properties: {
    path: { type: "string", minLength: 1 },
    cells: cellCount,
    bs: integerAtLeast(1),
  },
} as const;

const expectation = {
  type: "object",
  additionalProperties: false,
  required: ["metric", "stat", "op", "value"],
  properties: {
    name: { type: "string", minLength: 1 },
    metric: { type: "string", minLength: 1 },
    combine: { enum: [...COMBINES] },
    minus: { type: "string", minLength: 1 },
    steps: { type: "array", items: integerWithin(1, "steps"), minItems: 2, maxItems: 2, description: "a [first, last] pair of steps (integers >= 1)" },
    stat: { enum: [...EXPECTATION_STATS] },
    op: { enum: [...EXPECTATION_OPS] },
    value: { type: "number" },
    signature: { type: "boolean" },
  },
} as const;

const toleranceRule = {
  type: "object",
  additionalProperties: false,
  required: ["match"],
  properties: {
    match: { type: "string", minLength: 1 },
    rel: nonNegativeNumber,
    abs: nonNegativeNumber,
  },
} as const;

export const scenarioSchema = {
  type: "object",
  additionalProperties: false,
  required: ["run", "dataset"],
  properties: {
    description: { type: "string" },
    run: {
      type: "object",
      additionalProperties: false,
      required: ["steps"],
      properties: {
        name: { type: "string", pattern: "^[A-Za-z0-9_.-]+$", description: "a name made of letters, digits, '_', '.' and '-' (it names golden/<name>.jsonl)" },
        seed: { type: "integer", minimum: 0, maximum: MAX_SEED },
        steps: integerWithin(1, "steps"),
        world_size: integerWithin(1, "worldSize"),
        batches_per_step: integerWithin(1, "batchesPerStep"),
        baseline: { type: "string", pattern: "^[A-Za-z0-9_.-]+$", description: "the name of a scenario file in the same directory, without .toml" },
      },
    },
    dataset: {
      type: "object",
      additionalProperties: false,
      properties: {
        layout: { enum: [...LAYOUTS] },
        num_streams_mixed: integerWithin(1, "numStreamsMixed"),
        batching_mode: { enum: [...BATCHING_MODES] },
        pick_weighting: { enum: [...PICK_WEIGHTINGS] },
        bs: integerAtLeast(1),
        groups: { type: "array", items: nestedGroup },
        streams: { type: "array", items: directStream },
      },
    },
    ledger: {
      type: "object",
      additionalProperties: false,
      properties: {
        capacity: integerWithin(1, "ledgerCapacity"),
        wipe_mode: { enum: [...WIPE_MODES] },
        wipe_interval: integerAtLeast(1),
        stale_threshold: integerAtLeast(0),
        recently_evicted_capacity: integerWithin(1, "recentlyEvictedCapacity"),
        group_cells: integerAtLeast(0),
      },
    },
    resume: {
      type: "object",
      additionalProperties: false,
      required: ["at_step", "num_streams_mixed"],
      properties: {
        at_step: integerWithin(1, "steps"),
        num_streams_mixed: integerWithin(1, "numStreamsMixed"),
        world_size: integerWithin(1, "worldSize"),
      },
    },
    expect: { type: "array", items: expectation },
    sweep: {
      type: "object",
      description: "a [sweep] table (docs/sweeps.md); only `sim sweep` reads it, every other command ignores it",
    },
    golden: {
      type: "object",
      additionalProperties: false,
      properties: {
        rel: nonNegativeNumber,
        abs: nonNegativeNumber,
        tolerance: { type: "array", items: toleranceRule },
      },
    },
  },
} as const;
