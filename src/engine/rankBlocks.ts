import { assert } from "../errors.ts";

/** The ranks `first` to `end - 1`. */
export interface RankRange {
  readonly first: number;
  readonly end: number;
}

/** The values a rank's ledger drain packs: the four counters, then the wipe count. */
export const PACKED_LEDGER_WIDTH = 5;

/**
 * The fewest ranks a thread of its own is worth when the thread count is the default:
 * below it, handing a step's gids between threads and waiting for the slowest costs
 * more than the thread saves (a step of 1,024 ranks takes about 0.3 ms on one core).
 */
export const MIN_RANKS_PER_DEFAULT_THREAD = 2048;

/**
 * The threads a run steps on: `requested` when given (at most one per rank), else one
 * per core for worlds large enough to use them (at least MIN_RANKS_PER_DEFAULT_THREAD
 * ranks each).
 */
export function threadsFor(worldSize: number, cores: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, worldSize));
  return Math.max(1, Math.min(cores, Math.floor(worldSize / MIN_RANKS_PER_DEFAULT_THREAD)));
}

/** The world's ranks split into `count` contiguous blocks in rank order, their sizes differing by at most one. */
export function rankBlocks(worldSize: number, count: number): RankRange[] {
  assert(Number.isInteger(count) && count >= 1 && count <= worldSize, `between 1 and ${worldSize} blocks of ranks, not ${count}`);
  return Array.from({ length: count }, (_, b) => ({ first: Math.floor((b * worldSize) / count), end: Math.floor(((b + 1) * worldSize) / count) }));
}
