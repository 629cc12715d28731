import { Ajv } from "ajv";
import { WIPE_MODES } from "../../../src/config/modelConfig.ts";
import { LIMITS } from "../../limits.ts";

/**
 * The JSON Schemas of a harness trace's lines (docs/runs-and-replay.md, "Traces"): the
 * `{"kind":"run",...}` header and each model event kind of src/trace/traceEvent.ts.
 * Every line is checked against its kind's schema before anything reads it, so a
 * hand-edited trace is bad input, never a TypeError in the model or in `sim explain`.
 * Names, indices and ranks are then checked against the header (parseTrace.ts).
 */

const count = { type: "integer", minimum: 0 } as const;
const rank = { type: "integer", minimum: 0, maximum: LIMITS.worldSize - 1 } as const;
const step = { type: "integer", minimum: 1, maximum: LIMITS.steps } as const;
const gid = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const name = { type: "string", minLength: 1 } as const;
const mode = { enum: ["lru", "stale"] } as const;

/** An event line: `step`, `kind`, `rank` and the kind's own fields, nothing else. */
const event = (kind: string, properties: Record<string, object>) =>
  ({
    type: "object",
    additionalProperties: false,
    required: ["step", "kind", "rank", ...Object.keys(properties)],
    properties: { step, kind: { const: kind }, rank, ...properties },
  }) as const;

export const TRACE_EVENT_SCHEMAS = {
  epoch_start: event("epoch_start", { epoch: { type: "integer", minimum: 1 }, pool: { type: "array", items: name } }),
  pick: event("pick", {
    reader: name,
    takes: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["reader", "cells"], properties: { reader: name, cells: count } },
    },
  }),
  exhaust: event("exhaust", { reader: name }),
  refill: event("refill", { reader: name, slot: { type: "integer", minimum: 0, maximum: LIMITS.numStreamsMixed - 1 } }),
  store: event("store", { gid, fresh: { type: "boolean" }, prev_step: { anyOf: [{ type: "null" }, { type: "integer", minimum: 1, maximum: LIMITS.steps }] } }),
  evict: event("evict", { gid, mode, last_step: { type: "integer", minimum: 1, maximum: LIMITS.steps } }),
  false_evict: event("false_evict", { gid, mode }),
  sweep: event("sweep", { removed: count }),
  wipe: event("wipe", { removed: count }),
  resume: event("resume", {
    num_streams_mixed: { type: "integer", minimum: 1, maximum: LIMITS.numStreamsMixed },
    dropped: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["reader", "remaining_cells"], properties: { reader: name, remaining_cells: count } },
    },
  }),
} as const;

export type TraceEventKind = keyof typeof TRACE_EVENT_SCHEMAS;

export const TRACE_HEADER_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "format_version", "harness_version", "scenario", "seed", "world_size", "steps", "batches_per_step", "num_streams_mixed", "resume", "ledger", "streams"],
  properties: {
    kind: { const: "run" },
    format_version: { const: 1 },
    harness_version: { type: "string" },
    scenario: { type: "string" },
    seed: count,
    world_size: { type: "integer", minimum: 1, maximum: LIMITS.worldSize },
    steps: step,
    batches_per_step: { type: "integer", minimum: 1, maximum: LIMITS.batchesPerStep },
    num_streams_mixed: { type: "integer", minimum: 1, maximum: LIMITS.numStreamsMixed },
    resume: {
      anyOf: [
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          required: ["at_step", "num_streams_mixed"],
          properties: { at_step: step, num_streams_mixed: { type: "integer", minimum: 1, maximum: LIMITS.numStreamsMixed } },
        },
      ],
    },
    ledger: {
      type: "object",
      additionalProperties: false,
      required: ["capacity", "wipe_mode", "wipe_interval", "stale_threshold", "recently_evicted_capacity", "group_cells"],
      properties: {
        capacity: { type: "integer", minimum: 1, maximum: LIMITS.ledgerCapacity },
        wipe_mode: { enum: [...WIPE_MODES] },
        wipe_interval: { type: "integer", minimum: 1 },
        stale_threshold: count,
        recently_evicted_capacity: { type: "integer", minimum: 1, maximum: LIMITS.recentlyEvictedCapacity },
        group_cells: count,
      },
    },
    streams: {
      type: "array",
      minItems: 1,
      maxItems: LIMITS.streams,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "modality", "cells", "bs"],
        properties: { name, modality: name, cells: { type: "integer", minimum: 0, maximum: LIMITS.cellsPerStream }, bs: { type: "integer", minimum: 1 } },
      },
    },
  },
} as const;

/** A minimal recorded trace's store line (`{"step", "rank", "gid"}`); other fields a recorder adds are ignored. */
export const MINIMAL_STORE_SCHEMA = {
  type: "object",
  required: ["step", "rank", "gid"],
  properties: { step, rank, gid },
} as const;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
export const validateTraceHeader = ajv.compile(TRACE_HEADER_SCHEMA);
export const validateMinimalStore = ajv.compile(MINIMAL_STORE_SCHEMA);
export const validateTraceEvent = Object.fromEntries(Object.entries(TRACE_EVENT_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)])) as Record<
  TraceEventKind,
  ReturnType<typeof ajv.compile>
>;
