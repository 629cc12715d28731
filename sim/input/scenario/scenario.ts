import type { ModelConfig } from "../../../src/config/modelConfig.ts";

/**
 * A scenario after loading: `extends` resolved, defaults applied, schema and semantics
 * checked. This is the contract between the scenario loader and every command.
 */
export interface Scenario {
  /** The scenario file as given on the command line (or found in scenarios/). */
  readonly file: string;
  /** `run.name`, default the file's stem; names golden/<name>.jsonl and runs/<name>/. */
  readonly name: string;
  readonly description: string;
  readonly steps: number;
  /** `run.metrics_every` (default 1): the rows written are those of its multiples and of the last step (sim/format/writtenSteps.ts). */
  readonly metricsEvery: number;
  /** The healthy scenario's name a diagnostic is held against. */
  readonly baseline?: string;
  /** Where the baseline scenario lives: `<baseline>.toml` beside the file that declares it (checked to exist, except in a run directory's record of the scenario, input/scenario/recordedScenarioFile.ts). */
  readonly baselineFile?: string;
  readonly model: ModelConfig;
  readonly expectations: readonly Expectation[];
  readonly golden: GoldenTolerances;
  /** The merged TOML object as run (after extends and command-line overrides, before defaults). */
  readonly resolved: Readonly<Record<string, unknown>>;
  /** The files of the extends chain, this file first. */
  readonly chain: readonly string[];
  /** Relations between keys that run but are likely mistakes (scenarioWarnings.ts); `sim validate` prints them. */
  readonly warnings?: readonly string[];
}

export const EXPECTATION_STATS = ["max", "min", "mean", "sum", "last", "count_nonzero", "fraction_nonzero", "first_nonzero_step", "p50", "p80", "p90", "p95", "p99"] as const;
export const EXPECTATION_OPS = ["==", "!=", "<", "<=", ">", ">="] as const;
export const COMBINES = ["sum", "max", "min", "spread"] as const;

export type ExpectationStat = (typeof EXPECTATION_STATS)[number];
export type ExpectationOp = (typeof EXPECTATION_OPS)[number];
export type Combine = (typeof COMBINES)[number];

export interface Expectation {
  readonly name: string;
  /** A key, or a pattern with `*` (then `combine` folds the matching keys per step). */
  readonly metric: string;
  readonly combine?: Combine;
  /** The per-step difference `metric - minus`. */
  readonly minus?: string;
  /** Inclusive step window. */
  readonly steps?: readonly [number, number];
  readonly stat: ExpectationStat;
  readonly op: ExpectationOp;
  readonly value: number;
  /** A diagnostic's signature: must hold here and must NOT hold on the baseline. */
  readonly signature: boolean;
}

export interface ToleranceRule {
  readonly match: string;
  readonly rel: number;
  readonly abs: number;
}

/** A value passes when |actual - expected| <= abs + rel * |expected|; exact by default. */
export interface GoldenTolerances {
  readonly rel: number;
  readonly abs: number;
  readonly rules: readonly ToleranceRule[];
}
