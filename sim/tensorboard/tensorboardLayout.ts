import type { WallTime } from "../run/wallTime.ts";

/** The run directory's TensorBoard log directory, as artifacts.json's `tensorboard_dir` names it. */
export const TENSORBOARD_DIR = "tensorboard";

/**
 * The event file's name. TensorBoard reads files whose name contains "tfevents"; its own
 * writers add the host name and process id, which would make the name differ between
 * machines, so ours ends in a fixed label instead. The number is the run's start
 * (wallTime.ts: the fixed clock's step before the first step, unless `--wall-time now`).
 */
export function eventFileName(wallTime: WallTime): string {
  return `events.out.tfevents.${Math.floor(wallTime.startS)}.stream-mixing-sim`;
}

export const EVENT_FILE_PATTERN = /^events\.out\.tfevents\.\d+\.stream-mixing-sim$/;

/** A rank's sub-run, `rank-003`: zero-padded so that TensorBoard lists the ranks in order. */
export function rankDirName(rank: number): string {
  return `rank-${String(rank).padStart(3, "0")}`;
}

export const RANK_DIR_PATTERN = /^rank-\d{3,}$/;
