import type {
  BatchingMode,
  CellCount,
  DatasetConfig,
  DirectStreamConfig,
  Layout,
  LedgerConfig,
  ModelConfig,
  NestedGroupConfig,
  PickWeighting,
  ResumeConfig,
  WipeMode,
} from "../../../src/config/modelConfig.ts";
import type { Combine, Expectation, ExpectationOp, ExpectationStat, GoldenTolerances, ToleranceRule } from "./scenario.ts";
import { SCENARIO_DEFAULTS } from "./scenarioDefaults.ts";
import type { TomlTable } from "./tomlValue.ts";

/*
 * These builders run only on a merged table that passed the schema, so the casts below
 * restate what the schema has already checked; they never convert or guess.
 */

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return (value ?? {}) as Table;
}

function optional<T>(value: unknown): T | undefined {
  return value === undefined ? undefined : (value as T);
}

/** The plain config the engine takes: [run]'s seed, world size and batches, [dataset], [ledger], [resume]. */
export function buildModelConfig(merged: TomlTable): ModelConfig {
  const run = table(merged.run);
  const resume = optional<Table>(merged.resume);
  return {
    seed: (run.seed as number | undefined) ?? SCENARIO_DEFAULTS.run.seed,
    world_size: (run.world_size as number | undefined) ?? SCENARIO_DEFAULTS.run.world_size,
    batches_per_step: (run.batches_per_step as number | undefined) ?? SCENARIO_DEFAULTS.run.batches_per_step,
    dataset: buildDataset(table(merged.dataset)),
    ledger: buildLedger(table(merged.ledger)),
    ...(resume === undefined ? {} : { resume: buildResume(resume) }),
  };
}

function buildDataset(dataset: Table): DatasetConfig {
  const defaults = SCENARIO_DEFAULTS.dataset;
  const groups = optional<Table[]>(dataset.groups);
  const streams = optional<Table[]>(dataset.streams);
  return {
    layout: (dataset.layout as Layout | undefined) ?? defaults.layout,
    num_streams_mixed: (dataset.num_streams_mixed as number | undefined) ?? defaults.num_streams_mixed,
    batching_mode: (dataset.batching_mode as BatchingMode | undefined) ?? defaults.batching_mode,
    pick_weighting: (dataset.pick_weighting as PickWeighting | undefined) ?? defaults.pick_weighting,
    bs: (dataset.bs as number | undefined) ?? defaults.bs,
    ...(groups === undefined ? {} : { groups: groups.map(buildGroup) }),
    ...(streams === undefined ? {} : { streams: streams.map(buildStream) }),
  };
}

function buildGroup(group: Table): NestedGroupConfig {
  return {
    modality: group.modality as string,
    streams: group.streams as number,
    cells: buildCells(group.cells),
    ...(group.bs === undefined ? {} : { bs: group.bs as number }),
  };
}

function buildStream(stream: Table): DirectStreamConfig {
  return {
    path: stream.path as string,
    cells: buildCells(stream.cells),
    ...(stream.bs === undefined ? {} : { bs: stream.bs as number }),
  };
}

function buildCells(cells: unknown): CellCount {
  if (Array.isArray(cells)) return [cells[0] as number, cells[1] as number];
  return cells as number;
}

function buildLedger(ledger: Table): LedgerConfig {
  const defaults = SCENARIO_DEFAULTS.ledger;
  const wipeMode = (ledger.wipe_mode as WipeMode | undefined) ?? defaults.wipe_mode;
  // The interval defaults only where it means something; validateModelConfig refuses it with "none".
  const wipeInterval = optional<number>(ledger.wipe_interval) ?? (wipeMode === "none" ? undefined : defaults.wipe_interval_periodic);
  const staleThreshold = optional<number>(ledger.stale_threshold);
  return {
    capacity: (ledger.capacity as number | undefined) ?? defaults.capacity,
    wipe_mode: wipeMode,
    ...(wipeInterval === undefined ? {} : { wipe_interval: wipeInterval }),
    ...(staleThreshold === undefined ? {} : { stale_threshold: staleThreshold }),
    recently_evicted_capacity: (ledger.recently_evicted_capacity as number | undefined) ?? defaults.recently_evicted_capacity,
    group_cells: (ledger.group_cells as number | undefined) ?? defaults.group_cells,
  };
}

function buildResume(resume: Table): ResumeConfig {
  return {
    at_step: resume.at_step as number,
    num_streams_mixed: resume.num_streams_mixed as number,
    ...(resume.world_size === undefined ? {} : { world_size: resume.world_size as number }),
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
export function buildGoldenTolerances(merged: TomlTable): GoldenTolerances {
  const golden = table(merged.golden);
  const rules = (optional<Table[]>(golden.tolerance) ?? []).map((rule): ToleranceRule => ({
    match: rule.match as string,
    rel: (rule.rel as number | undefined) ?? 0,
    abs: (rule.abs as number | undefined) ?? 0,
  }));
  return {
    rel: (golden.rel as number | undefined) ?? SCENARIO_DEFAULTS.golden.rel,
    abs: (golden.abs as number | undefined) ?? SCENARIO_DEFAULTS.golden.abs,
    rules,
  };
}
