import type { StreamSpec } from "../streamMixing/streamSpec.ts";
import { sliceBounds } from "../streamMixing/streamSpec.ts";

/** How many ledger groups a slice of `sliceCells` cells has. */
export function groupCount(sliceCells: number, groupCells: number): number {
  if (sliceCells === 0) return 0;
  return groupCells === 0 ? 1 : Math.ceil(sliceCells / groupCells);
}

/**
 * The first group id of every (rank, stream) slice. Ids are consecutive integers in
 * (rank, stream, group) order, so they are stable for a config and unique per
 * (stream, rank, group index); numbering rank-major spreads the owners (`gid mod W`)
 * over all ranks instead of making every group owned by its own reader's rank.
 */
export function groupIdBases(streams: readonly StreamSpec[], worldSize: number, groupCells: number): number[][] {
  const bases: number[][] = [];
  let next = 0;
  for (let rank = 0; rank < worldSize; rank++) {
    const row: number[] = [];
    for (const stream of streams) {
      row.push(next);
      const { start, end } = sliceBounds(stream.cells, rank, worldSize);
      next += groupCount(end - start, groupCells);
    }
    bases.push(row);
  }
  return bases;
}

/** The rank whose ledger holds `gid`. */
export function ownerRank(gid: number, worldSize: number): number {
  return gid % worldSize;
}
