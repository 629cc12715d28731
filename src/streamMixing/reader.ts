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

  get exhausted(): boolean {
    return this.position >= this.sliceEnd;
  }
}
