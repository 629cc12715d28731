import type { CellCount, DatasetConfig, DirectStreamConfig, LedgerConfig, ModelConfig, NestedGroupConfig, ResumeConfig } from "../../../src/config/modelConfig.ts";
import type { Combine, Expectation, ExpectationOp, ExpectationStat, GoldenTolerances, ToleranceRule } from "./scenario.ts";
import { SCENARIO_DEFAULTS } from "./scenarioDefaults.ts";
import type { ScenarioDocument } from "./scenarioDocument.ts";
import type { TomlTable } from "./tomlValue.ts";

/*
 * The builders of the model's config and the golden tolerances read a merged scenario
 * that passed its schema, as the schema's type (ScenarioDocument), and only fill in the
 * defaults. The expectations are also built from a recorded run's [[expect]] text, which
 * no schema has checked as a whole scenario: the casts there restate what the scenario's
 * schema checked when the run was made; they never convert or guess.
 */

type Table = Record<string, unknown>;

function optional<T>(value: unknown): T | undefined {
  return value === undefined ? undefined : (value as T);
}

/** The plain config the engine takes: [run]'s seed, world size and batches, [dataset], [ledger], [resume]. */
export function buildModelConfig(scenario: ScenarioDocument): ModelConfig {
  const defaults = SCENARIO_DEFAULTS.run;
  return {
    seed: scenario.run.seed ?? defaults.seed,
    world_size: scenario.run.world_size ?? defaults.world_size,
    batches_per_step: scenario.run.batches_per_step ?? defaults.batches_per_step,
    dataset: buildDataset(scenario.dataset),
    ledger: buildLedger(scenario.ledger ?? {}),
    ...(scenario.resume === undefined ? {} : { resume: buildResume(scenario.resume) }),
  };
}

function buildDataset(dataset: Partial<DatasetConfig>): DatasetConfig {
  const defaults = SCENARIO_DEFAULTS.dataset;
  return {
    layout: dataset.layout ?? defaults.layout,
    num_streams_mixed: dataset.num_streams_mixed ?? defaults.num_streams_mixed,
    batching_mode: dataset.batching_mode ?? defaults.batching_mode,
    pick_weighting: dataset.pick_weighting ?? defaults.pick_weighting,
    bs: dataset.bs ?? defaults.bs,
    ...(dataset.groups === undefined ? {} : { groups: dataset.groups.map(buildGroup) }),
    ...(dataset.streams === undefined ? {} : { streams: dataset.streams.map(buildStream) }),
  };
}

function buildGroup(group: NestedGroupConfig): NestedGroupConfig {
  return {
    modality: group.modality,
    streams: group.streams,
    cells: buildCells(group.cells),
    ...(group.bs === undefined ? {} : { bs: group.bs }),
  };
}

function buildStream(stream: DirectStreamConfig): DirectStreamConfig {
  return {
    path: stream.path,
    cells: buildCells(stream.cells),
    ...(stream.bs === undefined ? {} : { bs: stream.bs }),
  };
}

/** A fresh pair for a range, so that the config shares no array with the document. */
function buildCells(cells: CellCount): CellCount {
  return typeof cells === "number" ? cells : [cells[0], cells[1]];
}

function buildLedger(ledger: Partial<LedgerConfig>): LedgerConfig {
  const defaults = SCENARIO_DEFAULTS.ledger;
  const wipeMode = ledger.wipe_mode ?? defaults.wipe_mode;
  // The interval defaults only where it means something; validateModelConfig refuses it with "none".
  const wipeInterval = ledger.wipe_interval ?? (wipeMode === "none" ? undefined : defaults.wipe_interval_periodic);
  return {
    capacity: ledger.capacity ?? defaults.capacity,
    wipe_mode: wipeMode,
    ...(wipeInterval === undefined ? {} : { wipe_interval: wipeInterval }),
    ...(ledger.stale_threshold === undefined ? {} : { stale_threshold: ledger.stale_threshold }),
    recently_evicted_capacity: ledger.recently_evicted_capacity ?? defaults.recently_evicted_capacity,
    group_cells: ledger.group_cells ?? defaults.group_cells,
  };
}

function buildResume(resume: ResumeConfig): ResumeConfig {
  return {
    at_step: resume.at_step,
    num_streams_mixed: resume.num_streams_mixed,
    ...(resume.world_size === undefined ? {} : { world_size: resume.world_size }),
  };
}

/** The [[expect]] blocks with their defaults: `signature = false`, a name built from the expectation itself. */
export function buildExpectations(merged: TomlTable): Expectation[] {
  const blocks = optional<Table[]>(merged.expect) ?? [];
  return blocks.map((block) => {
    const steps = optional<number[]>(block.steps);
    const combine = optional<Combine>(block.combine);
    const minus = optional<string>(block.minus);
    const metric = block.metric as string;
    const stat = block.stat as ExpectationStat;
    const op = block.op as ExpectationOp;
    const value = block.value as number;
    return {
      name: optional<string>(block.name) ?? defaultExpectationName(metric, stat, op, value),
      metric,
      ...(combine === undefined ? {} : { combine }),
      ...(minus === undefined ? {} : { minus }),
      ...(steps === undefined ? {} : { steps: [steps[0] as number, steps[1] as number] as const }),
      stat,
      op,
      value,
      signature: optional<boolean>(block.signature) ?? SCENARIO_DEFAULTS.expect.signature,
    };
  });
}

/** An unnamed expectation is named by what it states, e.g. "ledger/evictions/lru max == 0". */
export function defaultExpectationName(metric: string, stat: ExpectationStat, op: ExpectationOp, value: number): string {
  return `${metric} ${stat} ${op} ${value}`;
}

/** The [golden] table: exact by default; a tolerance rule's missing rel or abs is 0, not inherited. */
export function buildGoldenTolerances(scenario: ScenarioDocument): GoldenTolerances {
  const golden = scenario.golden ?? {};
  const rules = (golden.tolerance ?? []).map((rule): ToleranceRule => ({ match: rule.match, rel: rule.rel ?? 0, abs: rule.abs ?? 0 }));
  return {
    rel: golden.rel ?? SCENARIO_DEFAULTS.golden.rel,
    abs: golden.abs ?? SCENARIO_DEFAULTS.golden.abs,
    rules,
  };
}
