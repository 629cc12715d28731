/**
 * The wall time an event file gives a step. It is derived from the step, never read from
 * the clock, so that the same scenario and seed give byte-identical event files:
 *
 *   wall_time = 1577836800 + step   (seconds since the Unix epoch; 2020-01-01T00:00:00Z at step 0)
 *
 * TensorBoard's "relative" time axis then shows one second per step. The file_version
 * event at the head of a file gets the wall time of the step before the file's first step.
 */
export const WALL_TIME_ORIGIN_S = 1_577_836_800;

export function wallTimeOfStepS(step: number): number {
  return WALL_TIME_ORIGIN_S + step;
}
