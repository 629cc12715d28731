import type { StreamSpec } from "./streamSpec.ts";

/**
 * One (stream, rank) slice and the read position in it. Picks are counted in batches
 * of the stream's own `bs`, so the remaining fraction (remaining picks over total picks) is independent of the batch size.
 */
export class Reader {
  /** Cell offset of the next read; `sliceEnd` when exhausted. */
  position: number;
  /** The step at which the reader last joined the active set. */
  joinedStep = 0;
  readonly totalPicks: number;

  constructor(
    readonly stream: StreamSpec,
    readonly sliceStart: number,
    readonly sliceEnd: number,
    /** First ledger group id of this slice (groups are numbered consecutively). */
    readonly gidBase: number,
  ) {
    this.position = sliceStart;
    this.totalPicks = Math.ceil((sliceEnd - sliceStart) / stream.bs);
  }

  get sliceCells(): number {
    return this.sliceEnd - this.sliceStart;
  }

  get remainingCells(): number {
    return this.sliceEnd - this.position;
  }

  get remainingPicks(): number {
    return Math.ceil((this.sliceEnd - this.position) / this.stream.bs);
  }

  get remainingFraction(): number {
    return remainingFraction(this.remainingPicks, this.totalPicks);
  }

  get exhausted(): boolean {
    return this.position >= this.sliceEnd;
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
