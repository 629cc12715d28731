import type { DatasetConfig, LedgerConfig, ModelConfig, ResumeConfig } from "../../../src/config/modelConfig.ts";
import type { Expectation, ToleranceRule } from "./scenario.ts";

/**
 * A scenario file after `extends` is merged, as its schema (scenarioSchema.ts) lets it
 * through: the configs the builders make (buildScenario.ts), with the keys a file may
 * leave to SCENARIO_DEFAULTS optional. ajv's JSONSchemaType holds the schema to this type
 * at compile time, so a key added to one and not the other fails `tsc`.
 */
export interface ScenarioDocument {
  readonly description?: string;
  readonly run: RunTable;
  /** A stream's table is its config as it is: it has no default of its own but its `bs`, which is optional there too. */
  readonly dataset: Partial<DatasetConfig>;
  readonly ledger?: Partial<LedgerConfig>;
  readonly resume?: ResumeConfig;
  readonly expect?: readonly ExpectationTable[];
  /** Only `sim sweep` reads it (sweepTableSchema.ts); the scenario schema accepts any table here. */
  readonly sweep?: Readonly<Record<string, unknown>>;
  readonly golden?: GoldenTable;
}

/** [run]: the model's top-level scalars and the harness's own keys; only `steps` has no default. */
export type RunTable = Partial<Pick<ModelConfig, "seed" | "world_size" | "batches_per_step">> & {
  readonly name?: string;
  readonly steps: number;
  readonly metrics_every?: number;
  readonly baseline?: string;
};

/** An [[expect]] block: an expectation whose name (made from what it states) and signature (false) may be left out. */
export type ExpectationTable = Omit<Expectation, "name" | "signature"> & Partial<Pick<Expectation, "name" | "signature">>;

/** [golden]: its tolerances, and rules whose missing rel or abs is 0. */
export interface GoldenTable {
  readonly rel?: number;
  readonly abs?: number;
  readonly tolerance?: readonly (Pick<ToleranceRule, "match"> & Partial<Pick<ToleranceRule, "rel" | "abs">>)[];
}
