import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fixedWallTime, type WallTime } from "../run/wallTime.ts";
import { KeyPosition, RANK_ROW_COORDINATE_KEYS, ROW_COORDINATE_KEYS } from "../../format/rowColumns.ts";
import { customScalarsCategories, encodeCustomScalarsEvent } from "./customScalarsLayout.ts";
import { Float32PrecisionWatch } from "./float32Precision.ts";
import { eventFileName, rankDirName } from "./tensorboardLayout.ts";
import { TfEventFile } from "./tfEventFile.ts";

export interface TensorBoardRunOptions {
  /** The log directory of this run: the event file goes here, ranks' sub-runs below it. */
  readonly dir: string;
  readonly firstStep: number;
  /** The file names' run label (tensorboardLayout.ts: a run's W&B run id); none for an export of a golden file. */
  readonly runLabel?: string;
  /** The events' wall times: the fixed clock (default) or, with `--wall-time now`, the real one. */
  readonly wallTime?: WallTime;
  /** Told once when a counter passes 2^24 (the run log, or stderr for an export). */
  readonly warn: (message: string) => void;
  /**
   * Write each file under a temporary name and rename it into place on `close()`, so that
   * a failed export leaves nothing half-written (`abort()` removes the temporary files).
   * A run streams into the final names instead, so that an interrupted run keeps its steps.
   */
  readonly atomic?: boolean;
}

type Row = Readonly<Record<string, number>>;

/**
 * A run's TensorBoard log: one event file for the reduced rows and, for per-rank rows,
 * one sub-run per rank (`rank-003/`), so that TensorBoard overlays the ranks. Every key
 * of a row but `step` (the event's step) and, in a rank's sub-run, `rank` (its
 * directory) becomes a `simple_value` scalar tagged with the key.
 */
export class TensorBoardRunWriter {
  private readonly main: TfEventFile;
  private readonly ranks = new Map<number, TfEventFile>();
  private readonly precision: Float32PrecisionWatch;
  private readonly finalPaths = new Map<TfEventFile, string>();
  /** The directories this writer made (the first of each mkdir), removed again by abort(). */
  private readonly madeDirs: string[] = [];
  private readonly wallTime: WallTime;
  private layoutWritten = false;
  private readonly rankColumn = new KeyPosition("rank");

  constructor(private readonly options: TensorBoardRunOptions) {
    this.wallTime = options.wallTime ?? fixedWallTime(options.firstStep);
    this.precision = new Float32PrecisionWatch(options.warn);
    this.main = this.open(options.dir, ROW_COORDINATE_KEYS);
  }

  writeRow(row: Row): void {
    this.firstRow(Object.keys(row));
    this.main.writeRow(row);
  }

  /** As `writeRow`, for a row already read as columns (RowColumns' `keys` and `values`): a run reads each row once for all its writers. */
  writeColumns(keys: readonly string[], values: readonly number[]): void {
    this.firstRow(keys);
    this.main.writeColumns(keys, values);
  }

  writeRankRow(row: Row): void {
    this.rankFile(row.rank as number).writeRow(row);
  }

  /** As `writeRankRow`, for a rank's row already read as columns. */
  writeRankColumns(keys: readonly string[], values: readonly number[]): void {
    this.rankFile(values[this.rankColumn.in(keys)] as number).writeColumns(keys, values);
  }

  /** The Custom Scalars layout goes first, at the step of the file_version event, in the reduced run only: its charts take every run's tags, ranks' too. */
  private firstRow(keys: readonly string[]): void {
    if (this.layoutWritten) return;
    this.layoutWritten = true;
    const categories = customScalarsCategories(keys);
    if (categories.length > 0) this.main.writeEvent(encodeCustomScalarsEvent(this.wallTime.startS, this.options.firstStep - 1, categories));
  }

  private rankFile(rank: number): TfEventFile {
    let file = this.ranks.get(rank);
    if (file === undefined) {
      file = this.open(join(this.options.dir, rankDirName(rank)), RANK_ROW_COORDINATE_KEYS);
      this.ranks.set(rank, file);
    }
    return file;
  }

  /** Closes every file (renaming the temporary ones into place) and returns their final paths. */
  close(): string[] {
    const files = [this.main, ...this.ranks.values()];
    for (const file of files) file.close();
    if (this.options.atomic) for (const file of files) renameSync(file.path, this.finalPaths.get(file) as string);
    return files.map((file) => this.finalPaths.get(file) as string);
  }

  /**
   * Closes and removes the temporary files of an atomic writer that will not finish, and
   * the directories it made for them: an export that meets a bad line half-way (it reads
   * its input as it writes) leaves nothing behind.
   */
  abort(): void {
    for (const file of [this.main, ...this.ranks.values()]) {
      file.close();
      if (this.options.atomic) rmSync(file.path, { force: true });
    }
    if (this.options.atomic) for (const dir of this.madeDirs.reverse()) rmSync(dir, { recursive: true, force: true });
  }

  private open(dir: string, omit: readonly string[]): TfEventFile {
    const made = mkdirSync(dir, { recursive: true });
    if (made !== undefined) this.madeDirs.push(made);
    const finalPath = join(dir, eventFileName(this.wallTime, this.options.runLabel));
    const file = new TfEventFile(this.options.atomic ? `${finalPath}.partial` : finalPath, this.options.firstStep, this.wallTime, this.precision, omit);
    this.finalPaths.set(file, finalPath);
    return file;
  }
}
