import type { Clock } from "../../io/clock.ts";

/** 2020-01-01T00:00:00Z, in seconds since the Unix epoch: the documented fixed clock's step 0. */
export const WALL_TIME_ORIGIN_S = 1_577_836_800;

export const WALL_TIME_MODES = ["fixed", "now"] as const;
export type WallTimeMode = (typeof WALL_TIME_MODES)[number];

/**
 * The wall time that the TensorBoard and W&B files stamp on a run and its steps.
 * "fixed" (the default) derives it from the step, never from the clock, so that the same
 * scenario and seed give byte-identical files:
 *
 *   wall_time(step) = 1577836800 + step   (seconds; 2020-01-01T00:00:00Z at step 0)
 *
 * and a run starting at `firstStep` starts at wall_time(firstStep - 1). "now"
 * (`--wall-time now`) reads the clock instead, for users who want runs placed on
 * today's time axis; such files differ between runs.
 */
export interface WallTime {
  readonly mode: WallTimeMode;
  /** When the run started, in seconds since the epoch. */
  readonly startS: number;
  /** The wall time of a step's record, in seconds since the epoch. */
  stepS(step: number): number;
}

export function fixedWallTime(firstStep: number): WallTime {
  return { mode: "fixed", startS: WALL_TIME_ORIGIN_S + firstStep - 1, stepS: (step) => WALL_TIME_ORIGIN_S + step };
}

export function clockWallTime(clock: Clock): WallTime {
  return { mode: "now", startS: clock.epochMs() / 1000, stepS: () => clock.epochMs() / 1000 };
}

export function wallTimeOf(mode: WallTimeMode, firstStep: number, clock: Clock): WallTime {
  return mode === "now" ? clockWallTime(clock) : fixedWallTime(firstStep);
}
