import { createHash, type Hash } from "node:crypto";
import { join } from "node:path";
import type { StepResult } from "../../../src/engine/engine.ts";
import { RowColumns } from "../../format/rowColumns.ts";
import { RowLineEncoder } from "../../format/rowLineEncoder.ts";
import type { Clock } from "../../io/clock.ts";
import { TENSORBOARD_DIR } from "../tensorboard/tensorboardLayout.ts";
import { TensorBoardRunWriter } from "../tensorboard/tensorboardRunWriter.ts";
import { WANDB_DIR } from "../wandb/wandbLayout.ts";
import { WandbRunWriter, type WandbRunsOptions } from "../wandb/wandbRunWriter.ts";
import { AppendOnlyFile } from "./appendOnlyFile.ts";
import { LifecycleEvents } from "./lifecycleEvents.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import type { WallTime } from "./wallTime.ts";

/**
 * The files a run streams into its directory while it steps (docs/runs-and-replay.md):
 * opened together, each step's rows written to all of them by one call, closed together.
 * A new per-step output (another writer) is opened, written and closed here.
 */
export class RunOutputs {
  readonly events: LifecycleEvents;
  readonly log: AppendOnlyFile;
  readonly trace: AppendOnlyFile | undefined;
  private readonly metrics: AppendOnlyFile;
  private readonly perRank: AppendOnlyFile | undefined;
  private readonly tensorboard: TensorBoardRunWriter;
  /** Undefined when another thread writes the W&B runs (runWriterThread.ts). */
  private readonly wandb: WandbRunWriter | undefined;
  private readonly wandbRunIdWritten: string;
  /** Over metrics.jsonl as written, for artifacts.json's metrics_sha256. */
  private readonly metricsHash: Hash = createHash("sha256");
  private readonly rowLines = new RowLineEncoder();
  private readonly rankRowLines = new RowLineEncoder();
  /** A step's ranks' rows read as columns, once for every writer (a key list's layout is the list itself). */
  private readonly rankRows = new RowColumns((keys) => keys);

  constructor(
    outDir: string,
    options: {
      readonly perRank: boolean;
      readonly trace: boolean;
      readonly firstStep: number;
      readonly clock: Clock;
      readonly wallTime: WallTime;
      /** The W&B run's identity (wandbRunWriter.ts); its directory is the run directory's wandb/. */
      readonly wandb: Omit<WandbRunsOptions, "dir" | "firstStep" | "wallTime">;
      /** The reduced W&B run's id when another thread writes the W&B runs (openWandbRuns, writeWandbStep); these outputs then write the rest. */
      readonly wandbElsewhere?: string;
    },
  ) {
    // The W&B run first: a wandb/ that cannot be written stops the run before anything is streamed.
    this.wandb = options.wandbElsewhere === undefined ? openWandbRuns(outDir, options) : undefined;
    this.wandbRunIdWritten = this.wandb?.runId ?? (options.wandbElsewhere as string);
    this.events = new LifecycleEvents(join(outDir, RUN_FILES.events), options.clock);
    this.metrics = new AppendOnlyFile(join(outDir, RUN_FILES.metrics), { onWrite: (text) => this.metricsHash.update(text) });
    this.perRank = options.perRank ? new AppendOnlyFile(join(outDir, RUN_FILES.metricsPerRank)) : undefined;
    this.log = new AppendOnlyFile(join(outDir, RUN_FILES.log));
    this.trace = options.trace ? new AppendOnlyFile(join(outDir, RUN_FILES.trace)) : undefined;
    this.tensorboard = new TensorBoardRunWriter({
      dir: join(outDir, TENSORBOARD_DIR),
      firstStep: options.firstStep,
      wallTime: options.wallTime,
      runLabel: this.wandbRunIdWritten,
      warn: (message) => this.log.appendLine(`[harness] ${message}`),
    });
  }

  /** A step's row, read as columns by the caller (metrics.jsonl, TensorBoard, W&B), and its per-rank rows (metrics.per_rank.jsonl when asked for, TensorBoard, W&B). */
  writeStep(result: StepResult, keys: readonly string[], values: readonly number[]): void {
    this.writeRowColumns(keys, values);
    // Each rank's row is read once, into columns, for all three writers (a row is a dictionary object: a pass over it costs as much as a writer's encoding).
    for (const rankRow of result.perRank ?? []) this.writeRankColumns(this.rankRows.read(rankRow), this.rankRows.values);
  }

  /** A step's row read as columns (RowColumns' `keys` and `values`): what writeStep writes of it, for a writer thread that has the columns already. */
  writeRowColumns(keys: readonly string[], values: readonly number[]): void {
    this.metrics.appendEncoded(this.rowLines.loadColumns(keys, values), this.rowLines);
    this.tensorboard.writeColumns(keys, values);
    this.wandb?.writeColumns(keys, values);
  }

  /** A rank's row read as columns, after its step's row. */
  writeRankColumns(keys: readonly string[], values: readonly number[]): void {
    if (this.perRank !== undefined) this.perRank.appendEncoded(this.rankRowLines.loadColumns(keys, values), this.rankRowLines);
    this.tensorboard.writeRankColumns(keys, values);
    this.wandb?.writeRankColumns(keys, values);
  }

  /** The reduced W&B run's id, for artifacts.json. */
  get wandbRunId(): string {
    return this.wandbRunIdWritten;
  }

  /** Ends the W&B runs (charts, summary, exit record): 0 for a completed run, 1 for one that stopped early. Before close(). */
  finishWandb(exitCode: number): void {
    this.wandb?.finish(exitCode);
  }

  /** The sha256 of metrics.jsonl as written; call once, when the run has completed. */
  metricsSha256(): string {
    return this.metricsHash.digest("hex");
  }

  /** Hands the lines batched so far to the OS (the run does at each heartbeat). */
  flush(): void {
    for (const file of [this.metrics, this.perRank, this.log, this.trace]) file?.flush();
  }

  close(): void {
    this.tensorboard.close();
    this.wandb?.close();
    for (const file of [this.metrics, this.perRank, this.log, this.trace]) file?.close();
    this.events.close();
  }
}

/** A run's W&B runs, in the run directory's wandb/ (RunOutputs opens them, or the W&B writer thread does). */
export function openWandbRuns(
  outDir: string,
  options: { readonly firstStep: number; readonly wallTime: WallTime; readonly wandb: Omit<WandbRunsOptions, "dir" | "firstStep" | "wallTime"> },
): WandbRunWriter {
  return new WandbRunWriter({ ...options.wandb, dir: join(outDir, WANDB_DIR), firstStep: options.firstStep, wallTime: options.wallTime });
}
