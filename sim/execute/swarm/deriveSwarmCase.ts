import type { DirectStreamConfig, CellCount, ModelConfig, NestedGroupConfig, WipeMode } from "../../../src/config/modelConfig.ts";
import { BATCHING_MODES, PICK_WEIGHTINGS, WIPE_MODES } from "../../../src/config/modelConfig.ts";
import { Rng } from "../../../src/rng/rng.ts";
import type { SwarmCase } from "./swarmCase.ts";

/**
 * The kinds of modeled resume a case can hold: none, one that keeps K, one that shrinks
 * it (dropping active readers) and one that grows it (filling from the pool).
 */
export const RESUME_KINDS = ["none", "same_k", "shrink_k", "grow_k"] as const;
export type ResumeKind = (typeof RESUME_KINDS)[number];

/**
 * Direct-layout paths that are odd but valid: deep, relative with `.` and `..` segments,
 * absolute, with spaces, dots, unicode or a doubled slash before the directory. The
 * modality is always the directory holding the file (model.md). `{m}` is the modality,
 * `{i}` the stream's index. (A trailing slash is left out on purpose: what it means is
 * being decided in the hardening work of issue 13, item 2.)
 */
const DIRECT_PATH_TEMPLATES: readonly string[] = [
  "data/{m}/shard-{i}.zarr",
  "{m}/{i}",
  "/mnt/lake/2024/{m}/part {i}.h5ad",
  "./{m}/x.{i}.zarr",
  "../up/{m}/s{i}",
  "a/b/c/d/e/{m}/deep-{i}.zarr",
  "data//{m}/dbl-{i}",
  "données/{m}/éch-{i}.zarr",
  "x/../{m}/dots.{i}.tar.gz",
];

/** Modality names, plain and odd (dots, dashes, digits, unicode, spaces) but valid. */
const MODALITIES: readonly string[] = ["rna", "atac", "protein", "m.1", "ADT-2", "ñ", "hi c", "0"];

/** Picks one element of a non-empty list. */
function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

/** True with probability `p`. */
function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/**
 * World sizes up to 64, mostly small: the small ones are cheap and hit the exhaust and
 * refill paths often; the large ones give slices shorter than the rank count.
 */
function deriveWorldSize(rng: Rng): number {
  const tier = rng.next();
  if (tier < 0.55) return rng.intInclusive(1, 4);
  if (tier < 0.85) return rng.intInclusive(5, 12);
  return rng.intInclusive(13, 64);
}

/** A cell count: empty, tiny (fewer cells than ranks), small, medium, or a [min, max] range. */
function deriveCells(rng: Rng, worldSize: number): CellCount {
  const kind = rng.int(6);
  if (kind === 0) return 0;
  if (kind === 1) return rng.intInclusive(1, Math.max(1, worldSize - 1));
  if (kind === 2) return rng.intInclusive(1, 64);
  if (kind === 3) return rng.intInclusive(65, 600);
  const low = rng.intInclusive(0, 200);
  return [low, low + rng.intInclusive(0, 200)];
}

function maxCellsOf(cells: CellCount): number {
  return typeof cells === "number" ? cells : cells[1];
}

/** A batch size: often 1 or tiny, sometimes the usual powers of two. */
function deriveBs(rng: Rng): number {
  return chance(rng, 0.7) ? rng.intInclusive(1, 12) : pick(rng, [16, 32, 64]);
}

/**
 * Derives the whole case of run `runIndex` from the swarm's seed. Each purpose forks its
 * own generator by label (`swarm/<seed>/run/<i>/<purpose>`), so changing how one part is
 * drawn never shifts another part's draws, and the same seed and index always give the
 * same case, byte for byte.
 */
export function deriveSwarmCase(swarmSeed: number, runIndex: number): SwarmCase {
  const root = Rng.fromSeed(`swarm/${swarmSeed}`).fork("run", runIndex);
  const shape = root.fork("shape");
  const worldSize = deriveWorldSize(shape);
  // Large worlds run fewer steps, so that every case costs about the same.
  const steps = worldSize > 12 ? shape.intInclusive(1, 16) : shape.intInclusive(1, 48);
  const batchesPerStep = chance(shape, 0.7) ? 1 : shape.intInclusive(2, 3);
  const seed = shape.int(2 ** 32);

  const ds = root.fork("dataset");
  const layout = chance(ds, 0.5) ? "nested" : "direct";
  const modalityCount = ds.intInclusive(1, 4);
  const modalities = Array.from({ length: modalityCount }, (_, i) => MODALITIES[(i + ds.int(MODALITIES.length)) % MODALITIES.length] as string);
  const entryCount = ds.intInclusive(1, 5);
  const entries = Array.from({ length: entryCount }, () => ({
    modality: pick(ds, modalities),
    cells: deriveCells(ds, worldSize),
    bs: chance(ds, 0.35) ? deriveBs(ds) : undefined,
    streams: chance(ds, 0.7) ? 1 : ds.intInclusive(2, 3),
    template: pick(ds, DIRECT_PATH_TEMPLATES),
  }));
  // The model refuses a dataset whose streams can have no cells at all: give the first one some.
  if (entries.every((e) => maxCellsOf(e.cells) === 0)) (entries[0] as { cells: CellCount }).cells = ds.intInclusive(1, 64);
  const k = chance(ds, 0.2) ? ds.intInclusive(5, 8) : ds.intInclusive(1, 4);

  const dataset: ModelConfig["dataset"] = {
    layout,
    num_streams_mixed: k,
    batching_mode: pick(ds, BATCHING_MODES),
    pick_weighting: pick(ds, PICK_WEIGHTINGS),
    bs: deriveBs(ds),
    ...(layout === "nested"
      ? {
          groups: entries.map((e): NestedGroupConfig => ({ modality: e.modality, streams: e.streams, cells: e.cells, ...(e.bs === undefined ? {} : { bs: e.bs }) })),
        }
      : {
          streams: entries.map((e, i): DirectStreamConfig => ({
            path: e.template.replace("{m}", e.modality).replace("{i}", String(i).padStart(3, "0")),
            cells: e.cells,
            ...(e.bs === undefined ? {} : { bs: e.bs }),
          })),
        }),
  };

  const ledgerRng = root.fork("ledger");
  const wipeMode: WipeMode = pick(ledgerRng, WIPE_MODES);
  const ledger: ModelConfig["ledger"] = {
    // Mostly below the groups a rank owns, so that LRU evictions (and their false evictions) are common.
    capacity: chance(ledgerRng, 0.5) ? ledgerRng.intInclusive(1, 6) : chance(ledgerRng, 0.7) ? ledgerRng.intInclusive(7, 48) : 512,
    wipe_mode: wipeMode,
    ...(wipeMode === "none" ? {} : { wipe_interval: ledgerRng.intInclusive(1, 6) }),
    ...(wipeMode === "periodic_stale" ? { stale_threshold: ledgerRng.intInclusive(0, 8) } : {}),
    recently_evicted_capacity: chance(ledgerRng, 0.8) ? ledgerRng.intInclusive(1, 64) : 4096,
    group_cells: chance(ledgerRng, 0.5) ? 0 : ledgerRng.intInclusive(1, 16),
  };

  const resumeRng = root.fork("resume");
  const resumeKind = pick(resumeRng, RESUME_KINDS);
  const resumeK = resumeKind === "same_k" ? k : resumeKind === "grow_k" ? k + resumeRng.intInclusive(1, 3) : k > 1 ? resumeRng.intInclusive(1, k - 1) : undefined;
  const resume = resumeKind === "none" || resumeK === undefined ? undefined : { at_step: resumeRng.intInclusive(1, steps), num_streams_mixed: resumeK };

  const model: ModelConfig = { seed, world_size: worldSize, batches_per_step: batchesPerStep, dataset, ledger, ...(resume === undefined ? {} : { resume }) };
  const snapshotStep = root.fork("snapshot").int(steps);
  return { name: `swarm-${swarmSeed}-${runIndex}`, steps, model, snapshotStep };
}

/** The kind of resume a case holds, for coverage reports and tests. */
export function resumeKindOf(swarmCase: SwarmCase): ResumeKind {
  const resume = swarmCase.model.resume;
  if (resume === undefined) return "none";
  const k = swarmCase.model.dataset.num_streams_mixed;
  return resume.num_streams_mixed === k ? "same_k" : resume.num_streams_mixed < k ? "shrink_k" : "grow_k";
}
