/** artifacts.json: the manifest written (atomically) when a run completes. */
export interface RunArtifacts {
  readonly format_version: number;
  readonly scenario: string;
  readonly seed: number;
  readonly steps: number;
  /** 1, or the snapshot's step + 1 for a run resumed from a snapshot. */
  readonly first_step: number;
  readonly harness_version: string;
  /** scenarioSha256 of scenario.resolved.toml's content (without run.steps). */
  readonly scenario_sha256: string;
  readonly metrics_sha256: string;
  readonly resumed_from: { readonly snapshot: string; readonly step: number } | null;
  readonly per_rank: boolean;
  readonly trace: boolean;
  /**
   * The TensorBoard log directory, relative to the run directory (`tensorboard`), as the
   * fast-path manifests of training workers name theirs. Absent in format 1 manifests,
   * written before runs had event files (`sim export tensorboard` makes them for such runs).
   */
  readonly tensorboard_dir?: string;
  /**
   * The W&B directory (`wandb`), the reduced run's W&B run id, and `offline`: the run is a
   * W&B offline run for `wandb sync wandb/latest-run` (seed 004's manifest fields). Absent
   * before format 3.
   */
  readonly wandb_dir?: string;
  readonly wandb_run_id?: string;
  readonly wandb_mode?: "offline";
  /**
   * `[run] metrics_every`: the metrics files, the event file and the W&B history hold the
   * rows of its multiples and of the last step only (sim/format/writtenSteps.ts). Absent
   * before format 4, whose runs wrote every step.
   */
  readonly metrics_every?: number;
  /** Every file in the run directory, relative and sorted (artifacts.json included). */
  readonly files: readonly string[];
}

/** 2 added `tensorboard_dir`, 3 the `wandb_` fields, 4 `metrics_every`; readers accept 1 to 4. */
export const ARTIFACTS_FORMAT_VERSION = 4;

/** The rows a run's files hold: a manifest before format 4 wrote every step. */
export function metricsEveryOf(artifacts: RunArtifacts): number {
  return artifacts.metrics_every ?? 1;
}
