import type { RngState } from "../rng/rng.ts";

/**
 * What the trainer's checkpoint keeps of a rank's dataset: plain JSON. It has no
 * `_last_picked_step` (steps since pick restart at a resume) and no metrics state.
 */
export interface DatasetStateDict {
  readonly world_size: number;
  readonly rank: number;
  readonly num_streams_mixed: number;
  readonly epoch: number;
  readonly batch_count: number;
  /** Streams still waiting in this epoch's pool, in order. */
  readonly pool: readonly string[];
  /** The active readers in slot order, with their read positions. */
  readonly active: readonly { readonly stream: string; readonly position: number }[];
  readonly rng: RngState;
}

/**
 * The resume-reshard truncation (`saved_active[:K]`): a smaller K keeps the head of the
 * saved active list. The dropped readers are lost for the rest of the epoch.
 */
export function truncateActive<T>(saved: readonly T[], numStreamsMixed: number): { kept: T[]; dropped: T[] } {
  return { kept: saved.slice(0, numStreamsMixed), dropped: saved.slice(numStreamsMixed) };
}
