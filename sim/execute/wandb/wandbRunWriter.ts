import { mkdirSync, symlinkSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { canonicalJson } from "../run/scenarioHash.ts";
import type { WallTime } from "../run/wallTime.ts";
import { KeyPosition, RANK_ROW_COORDINATE_KEYS, ROW_COORDINATE_KEYS } from "../../format/rowColumns.ts";
import { firstWrittenStepFrom } from "../../format/writtenSteps.ts";
import { rankDirName } from "../tensorboard/tensorboardLayout.ts";
import { LATEST_RUN_LINK, wandbRunId } from "./wandbLayout.ts";
import { WandbRun } from "./wandbRun.ts";

export interface WandbRunsOptions {
  /** The run directory's `wandb/`. */
  readonly dir: string;
  readonly project: string;
  /** The W&B run's name: the scenario's (a sweep config's) name. */
  readonly name: string;
  /** The W&B group: the sweep's id for a sweep's configs. */
  readonly group?: string;
  readonly tags: readonly string[];
  /** The resolved scenario: the W&B run's config, a config entry per top-level table. */
  readonly resolved: Readonly<Record<string, unknown>>;
  readonly scenarioSha256: string;
  readonly seed: number;
  readonly steps: number;
  readonly firstStep: number;
  /** The run's metrics_every (default 1): rows come for its multiples and the last step only (writtenSteps.ts). */
  readonly metricsEvery?: number;
  readonly wallTime: WallTime;
}

type Row = Readonly<Record<string, number>>;

/**
 * A run directory's W&B runs, beside its TensorBoard log and laid out after it: one
 * offline run for the reduced rows (`latest-run` links to it) and, with `--per-rank`, one
 * per rank, named `<name>/rank-003` as TensorBoard's sub-runs are and in the run's group
 * (job type "rank"), so that W&B overlays the ranks as TensorBoard does. The writer is fed
 * rows by the run loop, as the TensorBoard writer is.
 */
export class WandbRunWriter {
  private readonly main: WandbRun;
  private readonly ranks = new Map<number, WandbRun>();
  private readonly rankColumn = new KeyPosition("rank");

  constructor(private readonly options: WandbRunsOptions) {
    try {
      mkdirSync(options.dir, { recursive: true });
      this.main = this.open(undefined);
      symlinkSync(relative(options.dir, this.main.dir).split(sep).join("/"), join(options.dir, LATEST_RUN_LINK));
    } catch (error) {
      // Any file-system refusal (permissions, a read-only or full disk, a path through a file) is the user's to fix.
      if (typeof (error as NodeJS.ErrnoException).code !== "string") throw error;
      throw new UserError(`cannot write the W&B run into ${options.dir}: ${(error as Error).message}; make the run directory's wandb/ writable or choose another --out`);
    }
  }

  get runId(): string {
    return this.main.spec.runId;
  }

  /** The reduced run's directory, relative to the W&B directory. */
  get runDirName(): string {
    return relative(this.options.dir, this.main.dir);
  }

  writeRow(row: Row): void {
    this.main.writeRow(row);
  }

  /** As `writeRow`, for a row already read as columns (RowColumns' `keys` and `values`): a run reads each row once for all its writers. */
  writeColumns(keys: readonly string[], values: readonly number[]): void {
    this.main.writeColumns(keys, values);
  }

  writeRankRow(row: Row): void {
    this.rankRun(row.rank as number).writeRow(row);
  }

  /** As `writeRankRow`, for a rank's row already read as columns. */
  writeRankColumns(keys: readonly string[], values: readonly number[]): void {
    this.rankRun(values[this.rankColumn.in(keys)] as number).writeColumns(keys, values);
  }

  private rankRun(rank: number): WandbRun {
    let run = this.ranks.get(rank);
    if (run === undefined) {
      run = this.open(rank);
      this.ranks.set(rank, run);
    }
    return run;
  }

  /** Ends every run: 0 for a completed run, 1 for one that stopped early. */
  finish(exitCode: number): void {
    for (const run of [this.main, ...this.ranks.values()]) run.finish(exitCode);
  }

  /** Closes every file as it is, for a run that failed. */
  close(): void {
    for (const run of [this.main, ...this.ranks.values()]) run.close();
  }

  private open(rank: number | undefined): WandbRun {
    const o = this.options;
    const runId = wandbRunId({
      scenarioSha256: o.scenarioSha256,
      seed: o.seed,
      steps: o.steps,
      firstStep: o.firstStep,
      ...(rank !== undefined ? { rank } : {}),
      ...(o.wallTime.mode === "now" ? { startS: o.wallTime.startS } : {}),
    });
    return new WandbRun(
      o.dir,
      {
        runId,
        project: o.project,
        displayName: rank === undefined ? o.name : `${o.name}/${rankDirName(rank)}`,
        group: o.group ?? o.name,
        jobType: rank === undefined ? "run" : "rank",
        tags: o.tags,
        config: Object.keys(o.resolved)
          .sort()
          .map((key) => ({ path: [key], valueJson: canonicalJson(o.resolved[key]) })),
        firstStep: o.firstStep,
        chartSteps: { first: firstWrittenStepFrom({ every: o.metricsEvery ?? 1, lastStep: o.steps }, o.firstStep), every: o.metricsEvery ?? 1 },
        wallTime: o.wallTime,
      },
      rank === undefined ? ROW_COORDINATE_KEYS : RANK_ROW_COORDINATE_KEYS,
    );
  }
}
