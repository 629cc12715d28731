import type { StreamSpec } from "./streamSpec.ts";

/**
 * One (stream, rank) slice and the read position in it. Picks are counted in batches
 * of the stream's own `bs`, so the remaining fraction (remaining picks over total picks) is independent of the batch size.
 */
export class Reader {
  readonly totalPicks: number;
  /** The step at which the reader last joined the active set. */
  joinedStep = 0;
  /**
   * The plan's `_last_picked_step` entry of this reader; -1 where the dict has none. It
   * lives here, not in a per-rank array, because every step reads it together with the
   * rest of the reader.
   */
  lastPickedStep = -1;
  // The remaining picks are kept up to date at every move of the position rather than
  // computed when read: every step reads them for each active reader, twice (the pick's
  // weights and the FR1 snapshot), and only the picked reader moves. The fraction is not
  // kept: V8 boxes a double field in an object of its own, one more cache miss per read
  // at thousands of ranks than the division it would save.
  private cellPosition: number;
  private picksLeft = 0;

  constructor(
    readonly stream: StreamSpec,
    readonly sliceStart: number,
    readonly sliceEnd: number,
    /** First ledger group id of this slice (groups are numbered consecutively). */
    readonly gidBase: number,
  ) {
    this.totalPicks = Math.ceil((sliceEnd - sliceStart) / stream.bs);
    this.cellPosition = sliceStart;
    this.position = sliceStart;
  }

  /** Cell offset of the next read; `sliceEnd` when exhausted. */
  get position(): number {
    return this.cellPosition;
  }

  set position(cellPosition: number) {
    this.cellPosition = cellPosition;
    this.picksLeft = Math.ceil((this.sliceEnd - cellPosition) / this.stream.bs);
  }

  get sliceCells(): number {
    return this.sliceEnd - this.sliceStart;
  }

  get remainingCells(): number {
    return this.sliceEnd - this.cellPosition;
  }

  get remainingPicks(): number {
    return this.picksLeft;
  }

  get remainingFraction(): number {
    return remainingFraction(this.picksLeft, this.totalPicks);
  }

  get exhausted(): boolean {
    return this.cellPosition >= this.sliceEnd;
  }
}

/** The remaining fraction of FR1: remaining picks over total picks. */
export function remainingFraction(remainingPicks: number, totalPicks: number): number {
  return remainingPicks / totalPicks;
}

/**
 * The steps since pick of FR1: since the reader's last pick, or since it joined the
 * active set when it was not picked since (`lastPickedStep < 0`, the plan's missing entry).
 */
export function stepsSincePick(step: number, lastPickedStep: number, joinedStep: number): number {
  return step - (lastPickedStep >= 0 ? lastPickedStep : joinedStep);
}
