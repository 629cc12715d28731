import type { WallTime } from "../run/wallTime.ts";

/** The run directory's TensorBoard log directory, as artifacts.json's `tensorboard_dir` names it. */
export const TENSORBOARD_DIR = "tensorboard";

/**
 * The event file's name. TensorBoard reads files whose name contains "tfevents"; its own
 * writers add the host name and process id, which would make the name differ between
 * machines, so ours ends in a fixed label instead. The number is the run's start
 * (wallTime.ts: the fixed clock's step before the first step, unless `--wall-time now`).
 * A run adds its W&B run id (`runLabel`: derived from the scenario hash, seed, steps and
 * first step), so that a re-run of other rows into the same directory writes a file of
 * another name: TensorBoard keeps reading a file it has open by name, and a running
 * TensorBoard shows the re-run's rows only from a new file (with the SessionLog START
 * that makes it drop the earlier run's). The same run gives the same name.
 */
export function eventFileName(wallTime: WallTime, runLabel?: string): string {
  return `events.out.tfevents.${Math.floor(wallTime.startS)}.stream-mixing-sim${runLabel === undefined ? "" : `.${runLabel}`}`;
}

export const EVENT_FILE_PATTERN = /^events\.out\.tfevents\.\d+\.stream-mixing-sim(\.[a-z0-9]{8})?$/;

/** A rank's sub-run, `rank-003`: zero-padded so that TensorBoard lists the ranks in order. */
export function rankDirName(rank: number): string {
  return `rank-${String(rank).padStart(3, "0")}`;
}

export const RANK_DIR_PATTERN = /^rank-\d{3,}$/;
