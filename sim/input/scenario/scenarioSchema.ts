import {
  BATCHING_MODES,
  type BatchingMode,
  type DatasetConfig,
  type DirectStreamConfig,
  LAYOUTS,
  type Layout,
  type LedgerConfig,
  type ModelConfig,
  type NestedGroupConfig,
  PICK_WEIGHTINGS,
  type PickWeighting,
  type ResumeConfig,
  WIPE_MODES,
  type WipeMode,
} from "../../../src/config/modelConfig.ts";
import type { JSONSchemaType } from "ajv";
import { LIMITS, type LimitName, limitComment } from "../../limits.ts";
import { optionalField } from "../jsonSchemaFields.ts";
import { COMBINES, EXPECTATION_OPS, EXPECTATION_STATS } from "./scenario.ts";
import { SCENARIO_DEFAULTS } from "./scenarioDefaults.ts";
import type { ScenarioDocument } from "./scenarioDocument.ts";

/**
 * The JSON Schema of a scenario file after `extends` is merged: the one statement of the
 * format. The loader checks every scenario against it (checkScenarioSchema.ts), the
 * published schema/scenario.schema.json that editors read is generated from it
 * (publishedSchema.ts), and docs/scenario-format.md's key tables are held equal to it by
 * a test. Every table refuses keys it does not declare, as the training stack's
 * strict-key config check does. ajv's JSONSchemaType holds it to ScenarioDocument
 * (scenarioDocument.ts), the type the builders read a conforming scenario as: an
 * optional key is an optionalField (`nullable: true, not: null`, as JSONSchemaType
 * spells "may be left out"), an enum states its type beside its values, and a
 * `[min, max]` pair is a tuple of two items.
 *
 * Three annotations carry words, each for one reader:
 * - `description` is what the key means, as the docs' tables say it (an editor shows it
 *   on hover);
 * - `default` is the value a scenario gets when it leaves the key out, taken from
 *   SCENARIO_DEFAULTS, which the builders apply;
 * - `defaultText` (a keyword of our own) says in words the default that is no single
 *   value (`the file's stem`); the docs' default column shows it;
 * - `expected` (a keyword of our own) is the phrase an error message uses for what was
 *   expected (schemaErrors.ts), where the type and bounds alone would not say it; keep
 *   it short and in the words a user reads.
 * Ajv is told of the two keywords of our own as annotations that check nothing.
 */

/** Seeds are 32-bit unsigned integers, as the training stack's are. */
export const MAX_SEED = 4294967295;

/** The keyword of our own that holds an error message's phrase for what a node accepts. */
export const EXPECTED_KEYWORD = "expected" as const;
/** The keyword of our own that says a default in words where it is no single value. */
export const DEFAULT_TEXT_KEYWORD = "defaultText" as const;

const integerAtLeast = (minimum: number) => ({ type: "integer", minimum }) as const;
/**
 * An integer of at least `minimum` and at most the named harness limit (sim/limits.ts).
 * The `$comment` names the limit, so that schemaErrors.ts can say which limit a value
 * passes, and leaves it out of "expected an integer >= 1" where the minimum is at fault.
 */
const integerWithin = (minimum: number, limit: LimitName) => ({ type: "integer", minimum, maximum: LIMITS[limit], $comment: limitComment(limit) }) as const;
const nonNegativeNumber = { type: "number", minimum: 0 } as const;
const scenarioName = { type: "string", pattern: "^[A-Za-z0-9_.-]+$" } as const;

const cellCount = (description: string) =>
  ({
    description,
    expected: "a cell count (an integer >= 0) or a [min, max] pair of integers >= 0",
    anyOf: [
      integerWithin(0, "cellsPerStream"),
      {
        type: "array",
        items: [integerWithin(0, "cellsPerStream"), integerWithin(0, "cellsPerStream")],
        minItems: 2,
        maxItems: 2,
        expected: "a [min, max] pair of cell counts (2 integers >= 0)",
      },
    ],
  }) as const;

const streamBs = optionalField({ ...integerAtLeast(1), description: "this stream's batch size", defaultText: "`dataset.bs`" });

const nestedGroup = {
  type: "object",
  description: "one modality's streams (nested layout)",
  additionalProperties: false,
  required: ["modality", "streams", "cells"],
  properties: {
    modality: { type: "string", minLength: 1, pattern: "^[^/]+$", description: "the modality of the group's streams", expected: "a non-empty modality name without '/'" },
    streams: { ...integerWithin(1, "streams"), description: "how many streams the group declares; they are named `<modality>/000`, `<modality>/001`, ..." },
    cells: cellCount("cells per stream: a count, or a `[min, max]` range drawn per stream from the seed"),
    bs: streamBs,
  },
} as const;

const directStream = {
  type: "object",
  description: "one stream (direct layout)",
  additionalProperties: false,
  required: ["path", "cells"],
  properties: {
    path: { type: "string", minLength: 1, description: "the stream's path; its modality is the directory that holds it (`data/atac/shard-000.zarr` is `atac`)" },
    cells: cellCount("the stream's cells: a count, or a `[min, max]` range drawn from the seed"),
    bs: streamBs,
  },
} as const;

const expectation = {
  type: "object",
  description: "what the run must show: one metric reduced over a window and compared with `value`",
  additionalProperties: false,
  required: ["metric", "stat", "op", "value"],
  properties: {
    name: optionalField({ type: "string", minLength: 1, description: "names it in reports; names are unique within a scenario", defaultText: '`"<metric> <stat> <op> <value>"`' }),
    metric: { type: "string", minLength: 1, description: "a metric key, or a pattern with `*`" },
    combine: optionalField({
      type: "string",
      enum: [...COMBINES],
      description: "how the keys a pattern matches fold into one value per step (`spread` is max - min); required with a `*` pattern and refused without one",
    }),
    minus: optionalField({ type: "string", minLength: 1, description: "a key subtracted per step: the expectation reads `metric - minus`" }),
    steps: optionalField({
      type: "array",
      items: [integerWithin(1, "steps"), integerWithin(1, "steps")],
      minItems: 2,
      maxItems: 2,
      description: "the inclusive window; 1 <= first <= last",
      defaultText: "the whole run",
      expected: "a [first, last] pair of steps (integers >= 1)",
    }),
    stat: { type: "string", enum: [...EXPECTATION_STATS], description: "the reduction over the window" },
    op: { type: "string", enum: [...EXPECTATION_OPS], description: "how the reduction compares with `value`" },
    value: { type: "number", description: "the threshold" },
    signature: optionalField({
      type: "boolean",
      default: SCENARIO_DEFAULTS.expect.signature,
      description: "a diagnostic's signature: it must hold on this scenario and must NOT hold on the baseline",
    }),
  },
} as const;

const toleranceRule = {
  type: "object",
  description: "a tolerance for the keys one pattern matches",
  additionalProperties: false,
  required: ["match"],
  properties: {
    match: { type: "string", minLength: 1, description: "a key or `*` pattern" },
    rel: optionalField({ ...nonNegativeNumber, default: SCENARIO_DEFAULTS.golden.rel, description: "relative tolerance for the keys it matches (not inherited from `[golden]`)" }),
    abs: optionalField({ ...nonNegativeNumber, default: SCENARIO_DEFAULTS.golden.abs, description: "absolute tolerance for the keys it matches (not inherited from `[golden]`)" }),
  },
} as const;

export const scenarioSchema = {
  type: "object",
  additionalProperties: false,
  required: ["run", "dataset"],
  properties: {
    description: optionalField({ type: "string", default: SCENARIO_DEFAULTS.description, description: "what the scenario shows, for reports" }),
    run: {
      type: "object",
      description: "what to run: its name, seed, length and size",
      additionalProperties: false,
      required: ["steps"],
      properties: {
        name: optionalField({
          ...scenarioName,
          description: "names `golden/<name>.jsonl` and `runs/<name>/`",
          defaultText: "the file's stem",
          expected: "a name made of letters, digits, '_', '.' and '-' (it names golden/<name>.jsonl)",
        }),
        seed: optionalField({ type: "integer", minimum: 0, maximum: MAX_SEED, default: SCENARIO_DEFAULTS.run.seed, description: "the root of every random draw" }),
        steps: { ...integerWithin(1, "steps"), description: "steps to simulate (`--steps` replaces it)" },
        world_size: optionalField({ ...integerWithin(1, "worldSize"), default: SCENARIO_DEFAULTS.run.world_size, description: "simulated ranks" }),
        batches_per_step: optionalField({
          ...integerWithin(1, "batchesPerStep"),
          default: SCENARIO_DEFAULTS.run.batches_per_step,
          description: "batches each rank draws per step",
        }),
        metrics_every: optionalField({
          ...integerWithin(1, "steps"),
          default: SCENARIO_DEFAULTS.run.metrics_every,
          description:
            "write the rows of the multiples of N and of the last step only, in every format, and a golden file holds the same rows; the model still runs every step (`--metrics-every` replaces it)",
        }),
        baseline: optionalField({
          ...scenarioName,
          description:
            "the healthy scenario a diagnostic is held against: the file `<baseline>.toml` beside the scenario file that declares the key (so a file in another directory that extends a diagnostic inherits the diagnostic's baseline), which must exist and must not be the scenario itself",
          expected: "the name of a scenario file in the same directory, without .toml",
        }),
      },
    },
    dataset: {
      type: "object",
      description: "the streams and how they are mixed",
      additionalProperties: false,
      properties: {
        layout: optionalField({ type: "string", enum: [...LAYOUTS], default: SCENARIO_DEFAULTS.dataset.layout, description: "how streams are declared" }),
        num_streams_mixed: optionalField({
          ...integerWithin(1, "numStreamsMixed"),
          default: SCENARIO_DEFAULTS.dataset.num_streams_mixed,
          description: "K, the size of each rank's active set",
        }),
        batching_mode: optionalField({
          type: "string",
          enum: [...BATCHING_MODES],
          default: SCENARIO_DEFAULTS.dataset.batching_mode,
          description: "one reader per batch, or packing across the picked modality's active readers",
        }),
        pick_weighting: optionalField({
          type: "string",
          enum: [...PICK_WEIGHTINGS],
          default: SCENARIO_DEFAULTS.dataset.pick_weighting,
          description: "how the reader of a batch is picked",
        }),
        bs: optionalField({ ...integerAtLeast(1), default: SCENARIO_DEFAULTS.dataset.bs, description: "the batch size of a stream that does not set its own" }),
        groups: optionalField({ type: "array", items: nestedGroup, description: "nested layout: `[[dataset.groups]]`" }),
        streams: optionalField({ type: "array", items: directStream, description: "direct layout: `[[dataset.streams]]`" }),
      },
    },
    ledger: optionalField({
      type: "object",
      description: "the group-state ledger of every owner rank",
      additionalProperties: false,
      properties: {
        capacity: optionalField({ ...integerWithin(1, "ledgerCapacity"), default: SCENARIO_DEFAULTS.ledger.capacity, description: "entries per owner rank before LRU eviction" }),
        wipe_mode: optionalField({ type: "string", enum: [...WIPE_MODES], default: SCENARIO_DEFAULTS.ledger.wipe_mode, description: "what happens every `wipe_interval` steps" }),
        wipe_interval: optionalField({
          ...integerAtLeast(1),
          description: "steps between sweeps or wipes",
          defaultText: `\`${SCENARIO_DEFAULTS.ledger.wipe_interval_periodic}\` with a periodic mode; none with \`"none"\``,
        }),
        stale_threshold: optionalField({ ...integerAtLeast(0), description: "`periodic_stale` only, and required there: entries untouched for more steps are swept" }),
        recently_evicted_capacity: optionalField({
          ...integerWithin(1, "recentlyEvictedCapacity"),
          default: SCENARIO_DEFAULTS.ledger.recently_evicted_capacity,
          description: "the ring that recognises a false eviction",
        }),
        group_cells: optionalField({
          ...integerAtLeast(0),
          default: SCENARIO_DEFAULTS.ledger.group_cells,
          description: "cells per ledger group; 0 makes each reader slice one group",
        }),
      },
    }),
    resume: optionalField({
      type: "object",
      description: "a modeled training resume",
      additionalProperties: false,
      required: ["at_step", "num_streams_mixed"],
      properties: {
        at_step: { ...integerWithin(1, "steps"), description: "the step at whose start the datasets are checkpointed and reloaded" },
        num_streams_mixed: { ...integerWithin(1, "numStreamsMixed"), description: "K after the resume; a smaller K drops active readers (one INFO line per rank)" },
        world_size: optionalField({
          ...integerWithin(1, "worldSize"),
          description: "only to be refused when it differs: a resume cannot change the world size",
          defaultText: "`run.world_size`",
        }),
      },
    }),
    expect: optionalField({ type: "array", items: expectation, description: "what the run must show (`[[expect]]`, any number)" }),
    sweep: optionalField({
      type: "object",
      description:
        "the configs `sim sweep` makes from this file ([sweeps.md](sweeps.md)); every other command accepts the table and ignores it, so a sweep file is also its base scenario",
      expected: "a [sweep] table (docs/sweeps.md); only `sim sweep` reads it, every other command ignores it",
    }),
    golden: optionalField({
      type: "object",
      description: "how exactly a run must match `golden/<name>.jsonl`",
      additionalProperties: false,
      properties: {
        rel: optionalField({ ...nonNegativeNumber, default: SCENARIO_DEFAULTS.golden.rel, description: "relative tolerance for every key" }),
        abs: optionalField({ ...nonNegativeNumber, default: SCENARIO_DEFAULTS.golden.abs, description: "absolute tolerance for every key" }),
        tolerance: optionalField({
          type: "array",
          items: toleranceRule,
          description: "`[[golden.tolerance]]` rules: `match` (required, a key or `*` pattern), `rel` and `abs` (numbers >= 0; a missing one is 0, not inherited from `[golden]`)",
        }),
      },
    }),
  },
} as const satisfies JSONSchemaType<ScenarioDocument>;

/*
 * The schema held to the model's config type (src/config/modelConfig.ts), at compile
 * time: each table of the format declares exactly the fields of the config it builds,
 * and each enum exactly its type's values. A field added to ModelConfig without its key
 * here (or a key without its field) fails `tsc`, so the config's shape is stated in one
 * place and checked in the other.
 */
type KeysOf<Node> = Node extends { readonly properties: infer Properties } ? keyof Properties : never;
type EnumOf<Node> = Node extends { readonly enum: readonly (infer Value)[] } ? Value : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Properties = typeof scenarioSchema.properties;
type DatasetNode = Properties["dataset"];

/** A compile-time assertion: `true` is assignable only when the two sides are the same. */
const holds = <Check extends true>(): Check => true as Check;
holds<Same<KeysOf<DatasetNode>, keyof DatasetConfig>>();
holds<Same<KeysOf<DatasetNode["properties"]["groups"]["items"]>, keyof NestedGroupConfig>>();
holds<Same<KeysOf<DatasetNode["properties"]["streams"]["items"]>, keyof DirectStreamConfig>>();
holds<Same<KeysOf<Properties["ledger"]>, keyof LedgerConfig>>();
holds<Same<KeysOf<Properties["resume"]>, keyof ResumeConfig>>();
// [run] holds ModelConfig's top-level scalars and the harness's own name, steps, metrics_every and baseline.
holds<Same<KeysOf<Properties["run"]>, Exclude<keyof ModelConfig, "dataset" | "ledger" | "resume"> | "name" | "steps" | "metrics_every" | "baseline">>();
holds<Same<EnumOf<DatasetNode["properties"]["layout"]>, Layout>>();
holds<Same<EnumOf<DatasetNode["properties"]["batching_mode"]>, BatchingMode>>();
holds<Same<EnumOf<DatasetNode["properties"]["pick_weighting"]>, PickWeighting>>();
holds<Same<EnumOf<Properties["ledger"]["properties"]["wipe_mode"]>, WipeMode>>();
