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
  /** Every file in the run directory, relative and sorted (artifacts.json included). */
  readonly files: readonly string[];
}

export const ARTIFACTS_FORMAT_VERSION = 1;
