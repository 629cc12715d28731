import { BATCHING_MODES, LAYOUTS, PICK_WEIGHTINGS, WIPE_MODES } from "../../src/config/modelConfig.ts";
import { COMBINES, EXPECTATION_OPS, EXPECTATION_STATS } from "./scenario.ts";

/**
 * The JSON Schema of a scenario file after `extends` is merged. Every table refuses
 * keys it does not declare, as the training stack's strict-key config check does. The
 * `description` of a property is the phrase an error message uses for what was expected
 * (see schemaErrors.ts), so keep it short and in the words a user reads.
 */

const integerAtLeast = (minimum: number) => ({ type: "integer", minimum }) as const;
const nonNegativeNumber = { type: "number", minimum: 0 } as const;

const cellCount = {
  description: "a cell count (an integer >= 0) or a [min, max] pair of integers >= 0",
  anyOf: [
    integerAtLeast(0),
    { type: "array", items: integerAtLeast(0), minItems: 2, maxItems: 2 },
  ],
} as const;

const nestedGroup = {
  type: "object",
  additionalProperties: false,
  required: ["modality", "streams", "cells"],
  properties: {
    modality: { type: "string", minLength: 1, pattern: "^[^/]+$", description: "a non-empty modality name without '/'" },
    streams: integerAtLeast(1),
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
    steps: { type: "array", items: integerAtLeast(1), minItems: 2, maxItems: 2, description: "a [first, last] pair of steps (integers >= 1)" },
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
        seed: { type: "integer", minimum: 0, maximum: 4294967295 },
        steps: integerAtLeast(1),
        world_size: integerAtLeast(1),
        batches_per_step: integerAtLeast(1),
        baseline: { type: "string", pattern: "^[A-Za-z0-9_.-]+$", description: "the name of a scenario file in the same directory, without .toml" },
      },
    },
    dataset: {
      type: "object",
      additionalProperties: false,
      properties: {
        layout: { enum: [...LAYOUTS] },
        num_streams_mixed: integerAtLeast(1),
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
        capacity: integerAtLeast(1),
        wipe_mode: { enum: [...WIPE_MODES] },
        wipe_interval: integerAtLeast(1),
        stale_threshold: integerAtLeast(0),
        recently_evicted_capacity: integerAtLeast(1),
        group_cells: integerAtLeast(0),
      },
    },
    resume: {
      type: "object",
      additionalProperties: false,
      required: ["at_step", "num_streams_mixed"],
      properties: {
        at_step: integerAtLeast(1),
        num_streams_mixed: integerAtLeast(1),
        world_size: integerAtLeast(1),
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
