import { ConfigError } from "../errors.ts";
import {
  BATCHING_MODES,
  LAYOUTS,
  PICK_WEIGHTINGS,
  WIPE_MODES,
  type CellCount,
  type DatasetConfig,
  type DirectStreamConfig,
  type Layout,
  type LedgerConfig,
  type ModelConfig,
  type NestedGroupConfig,
} from "./modelConfig.ts";
import { modalityOfPath } from "../streamMixing/modality.ts";

/**
 * Rejects a config the model cannot run, naming the field (in the config's own dotted
 * form) and the value. The scenario layer's JSON Schema catches most of this earlier
 * with file context; this check guards the model against every other caller too.
 */
export function validateModelConfig(config: ModelConfig): void {
  requireInt("run.seed", config.seed, 0);
  requireInt("run.world_size", config.world_size, 1);
  requireInt("run.batches_per_step", config.batches_per_step, 1);
  validateDataset(config.dataset);
  validateLedger(config.ledger);
  validateResume(config);
}

function validateDataset(ds: DatasetConfig): void {
  requireEnum("dataset.layout", ds.layout, LAYOUTS);
  requireEnum("dataset.batching_mode", ds.batching_mode, BATCHING_MODES);
  requireEnum("dataset.pick_weighting", ds.pick_weighting, PICK_WEIGHTINGS);
  requireInt("dataset.num_streams_mixed", ds.num_streams_mixed, 1);
  requireInt("dataset.bs", ds.bs, 1);
  requireLayoutList(ds);
  const totalCells = ds.layout === "nested" ? nestedCells(ds.groups ?? []) : directCells(ds.streams ?? []);
  if (totalCells === 0) {
    throw new ConfigError(`dataset.${LAYOUT_LISTS[ds.layout].list}`, 0, "every stream has 0 cells: there is nothing to read");
  }
}

/** The list of streams each layout declares, and what one of its entries is called. */
const LAYOUT_LISTS = {
  nested: { list: "groups", entry: "group" },
  direct: { list: "streams", entry: "stream" },
} as const satisfies Record<Layout, { list: keyof DatasetConfig; entry: string }>;

/** The dataset declares its streams in its layout's list, at least one, and not in the other layout's. */
function requireLayoutList(ds: DatasetConfig): void {
  const other = ds.layout === "nested" ? "direct" : "nested";
  const { list, entry } = LAYOUT_LISTS[ds.layout];
  const otherList = LAYOUT_LISTS[other].list;
  if ((ds[otherList]?.length ?? 0) > 0) {
    throw new ConfigError(`dataset.${otherList}`, "(a list)", `belongs to layout "${other}"; the ${ds.layout} layout declares dataset.${list}`);
  }
  if (ds[list] === undefined || ds[list].length === 0) {
    throw new ConfigError(`dataset.${list}`, ds[list], `the ${ds.layout} layout needs at least one ${entry}`);
  }
}

/** The nested layout's groups, checked; returns the most cells they can hold. */
function nestedCells(groups: readonly NestedGroupConfig[]): number {
  let totalCells = 0;
  groups.forEach((group, i) => {
    const at = `dataset.groups[${i}]`;
    if (typeof group.modality !== "string" || group.modality.length === 0 || group.modality.includes("/")) {
      throw new ConfigError(`${at}.modality`, group.modality, "expected a non-empty modality name without '/'");
    }
    requireInt(`${at}.streams`, group.streams, 1);
    if (group.bs !== undefined) requireInt(`${at}.bs`, group.bs, 1);
    totalCells += maxCells(`${at}.cells`, group.cells) * group.streams;
  });
  return totalCells;
}

/** The direct layout's streams, checked; returns the most cells they can hold. */
function directCells(streams: readonly DirectStreamConfig[]): number {
  let totalCells = 0;
  const seen = new Map<string, number>();
  streams.forEach((stream, i) => {
    const at = `dataset.streams[${i}]`;
    if (typeof stream.path !== "string" || stream.path.length === 0) {
      throw new ConfigError(`${at}.path`, stream.path, "expected a non-empty path");
    }
    if (modalityOfPath(stream.path) === undefined) {
      throw new ConfigError(
        `${at}.path`,
        stream.path,
        "a direct stream's modality is the directory holding it, and this path has no directory (write e.g. data/rna/shard-000.zarr)",
      );
    }
    const earlier = seen.get(stream.path);
    if (earlier !== undefined) {
      throw new ConfigError(`${at}.path`, stream.path, `the same path is already dataset.streams[${earlier}]`);
    }
    seen.set(stream.path, i);
    if (stream.bs !== undefined) requireInt(`${at}.bs`, stream.bs, 1);
    totalCells += maxCells(`${at}.cells`, stream.cells);
  });
  return totalCells;
}

function validateLedger(ledger: LedgerConfig): void {
  requireInt("ledger.capacity", ledger.capacity, 1);
  requireEnum("ledger.wipe_mode", ledger.wipe_mode, WIPE_MODES);
  requireInt("ledger.recently_evicted_capacity", ledger.recently_evicted_capacity, 1);
  requireInt("ledger.group_cells", ledger.group_cells, 0);
  if (ledger.wipe_mode === "none") {
    if (ledger.wipe_interval !== undefined) {
      throw new ConfigError("ledger.wipe_interval", ledger.wipe_interval, 'makes no sense with ledger.wipe_mode = "none": nothing is wiped; remove it or pick a periodic mode');
    }
  } else {
    requireInt("ledger.wipe_interval", ledger.wipe_interval, 1);
  }
  if (ledger.wipe_mode === "periodic_stale") {
    requireInt("ledger.stale_threshold", ledger.stale_threshold, 0);
  } else if (ledger.stale_threshold !== undefined) {
    throw new ConfigError(
      "ledger.stale_threshold",
      ledger.stale_threshold,
      `makes no sense with ledger.wipe_mode = "${ledger.wipe_mode}": only "periodic_stale" sweeps stale entries`,
    );
  }
}

function validateResume(config: ModelConfig): void {
  const resume = config.resume;
  if (resume === undefined) return;
  requireInt("resume.at_step", resume.at_step, 1);
  requireInt("resume.num_streams_mixed", resume.num_streams_mixed, 1);
  if (resume.world_size !== undefined && resume.world_size !== config.world_size) {
    throw new ConfigError(
      "resume.world_size",
      resume.world_size,
      `differs from run.world_size = ${config.world_size}: a resume that changes the world size is refused (the per-rank slices would not line up)`,
    );
  }
}

function requireInt(field: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(field, value, `expected an integer >= ${min}`);
  }
}

function requireEnum(field: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new ConfigError(field, value, `expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
}

/** Validates a cell count or range and returns its largest possible value. */
function maxCells(field: string, cells: CellCount): number {
  if (Array.isArray(cells)) {
    const [min, max] = cells as readonly [number, number];
    if (cells.length !== 2) throw new ConfigError(field, cells, "expected a cell count or a [min, max] pair");
    requireInt(`${field}[0]`, min, 0);
    requireInt(`${field}[1]`, max, 0);
    if (min > max) throw new ConfigError(field, cells, "expected min <= max");
    return max;
  }
  requireInt(field, cells, 0);
  return cells as number;
}
