import type { JSONSchemaType } from "ajv";
import { WIPE_MODES } from "../../../src/config/modelConfig.ts";
import type { StampedTraceEvent } from "../../../src/engine/engine.ts";
import { EVICTION_MODES } from "../../../src/ledger/evictionMode.ts";
import type { TraceEventKind } from "../../../src/trace/traceEvent.ts";
import { LIMITS } from "../../limits.ts";
import { nullOr, type SchemaCheck } from "../jsonSchemaFields.ts";
import * as checks from "../schemaChecks.generated.ts";
import type { TraceHeader } from "./traceHeader.ts";

/**
 * The JSON Schemas of a harness trace's lines (docs/runs-and-replay.md, "Traces"): the
 * `{"kind":"run",...}` header and each model event kind of src/trace/traceEvent.ts.
 * Every line is checked against its kind's schema before anything reads it, so a
 * hand-edited trace is bad input, never a TypeError in the model or in `sim explain`.
 * Names, indices and ranks are then checked against the header (parseTrace.ts). Each
 * schema is held to its type (TraceHeader, the event of its kind) by ajv's
 * JSONSchemaType, so that tsc refuses a schema and a type that disagree.
 */

const count = { type: "integer", minimum: 0 } as const;
const rank = { type: "integer", minimum: 0, maximum: LIMITS.worldSize - 1 } as const;
const step = { type: "integer", minimum: 1, maximum: LIMITS.steps } as const;
const gid = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const name = { type: "string", minLength: 1 } as const;
const mode = { type: "string", enum: EVICTION_MODES } as const;

/** The event of one kind, stamped with its step: what a trace line of that kind holds. */
type StampedEventOf<K extends TraceEventKind> = Extract<StampedTraceEvent, { readonly kind: K }>;

/** An event line: `step`, `kind`, `rank` and the kind's own fields (all required), nothing else. */
function event<const K extends TraceEventKind, const P extends object>(kind: K, properties: P) {
  // Object.keys says string[]; the keys are those of `properties`, which the event's type names.
  const own = Object.keys(properties) as (keyof P & string)[];
  return {
    type: "object",
    additionalProperties: false,
    required: ["step", "kind", "rank", ...own],
    properties: { step, kind: { type: "string", const: kind }, rank, ...properties },
  } as const;
}

export const TRACE_EVENT_SCHEMAS: { readonly [K in TraceEventKind]: JSONSchemaType<StampedEventOf<K>> } = {
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
  store: event("store", { gid, fresh: { type: "boolean" }, prev_step: nullOr({ type: "integer", minimum: 1, maximum: LIMITS.steps }) }),
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
};

export const TRACE_HEADER_SCHEMA: JSONSchemaType<TraceHeader> = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "format_version", "harness_version", "scenario", "seed", "world_size", "steps", "batches_per_step", "num_streams_mixed", "resume", "ledger", "streams"],
  properties: {
    kind: { type: "string", const: "run" },
    format_version: { type: "integer", const: 1 },
    harness_version: { type: "string" },
    scenario: { type: "string" },
    seed: count,
    world_size: { type: "integer", minimum: 1, maximum: LIMITS.worldSize },
    steps: step,
    batches_per_step: { type: "integer", minimum: 1, maximum: LIMITS.batchesPerStep },
    num_streams_mixed: { type: "integer", minimum: 1, maximum: LIMITS.numStreamsMixed },
    resume: nullOr({
      type: "object",
      additionalProperties: false,
      required: ["at_step", "num_streams_mixed"],
      properties: { at_step: step, num_streams_mixed: { type: "integer", minimum: 1, maximum: LIMITS.numStreamsMixed } },
    }),
    ledger: {
      type: "object",
      additionalProperties: false,
      required: ["capacity", "wipe_mode", "wipe_interval", "stale_threshold", "recently_evicted_capacity", "group_cells"],
      properties: {
        capacity: { type: "integer", minimum: 1, maximum: LIMITS.ledgerCapacity },
        wipe_mode: { type: "string", enum: WIPE_MODES },
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
};

/** A minimal recorded trace's store line: the owner rank stored `gid` at `step`. */
export interface MinimalStoreLine {
  readonly step: number;
  readonly rank: number;
  readonly gid: number;
}

/** A minimal recorded trace's store line (`{"step", "rank", "gid"}`); other fields a recorder adds are ignored. */
export const MINIMAL_STORE_SCHEMA: JSONSchemaType<MinimalStoreLine> = {
  type: "object",
  required: ["step", "rank", "gid"],
  properties: { step, rank, gid },
};

// The checks of these schemas, compiled ahead of time (formatSchemas.ts).
export const validateTraceHeader: SchemaCheck<TraceHeader> = checks.traceHeader;
export const validateMinimalStore: SchemaCheck<MinimalStoreLine> = checks.minimalStore;
/** Each event kind's check, by kind; an event that passes its kind's check is a StampedTraceEvent. */
export const validateTraceEvent: { readonly [K in TraceEventKind]: SchemaCheck<StampedEventOf<K>> } = {
  epoch_start: checks.traceEvent_epoch_start,
  pick: checks.traceEvent_pick,
  exhaust: checks.traceEvent_exhaust,
  refill: checks.traceEvent_refill,
  store: checks.traceEvent_store,
  evict: checks.traceEvent_evict,
  false_evict: checks.traceEvent_false_evict,
  sweep: checks.traceEvent_sweep,
  wipe: checks.traceEvent_wipe,
  resume: checks.traceEvent_resume,
};
