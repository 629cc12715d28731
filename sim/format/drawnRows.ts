import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { type PackedRun, RunPacker } from "./packedRun.ts";
import { SummaryRows } from "./summaryRows.ts";

/**
 * Runs longer than this many written steps are drawn from a summary (summaryRows.ts) and
 * their packed values (packedRun.ts) rather than from every row: a million rows as objects
 * do not fit the report's memory, nor their text a page.
 */
export const LONG_RUN_STEPS = 10_000;

/** A run's rows as a report draws them: every row of a short run; a long run's summary rows, with its every value packed. */
export interface DrawnRows {
  readonly rows: readonly MetricsRow[];
  readonly packed?: PackedRun;
}

/**
 * Keeps a run's rows for the report as they stream past, in memory flat in the run's
 * length: every row when the run writes at most LONG_RUN_STEPS steps, else the summary and
 * the packed values. `sim report` reads a run's metrics.jsonl through it and `sim check
 * --report` the rows of its run, its baseline and its golden file.
 */
export class DrawnRowsKeeper {
  private readonly rows: MetricsRow[] = [];
  private readonly summary: SummaryRows | undefined;
  private readonly packer: RunPacker | undefined;

  /** For a run of `stepCount` written steps, the first at `firstStep`. */
  constructor(stepCount: number, firstStep: number) {
    if (stepCount > LONG_RUN_STEPS) {
      this.summary = new SummaryRows(stepCount);
      this.packer = new RunPacker(firstStep);
    }
  }

  add(row: MetricsRow): void {
    if (this.summary === undefined || this.packer === undefined) this.rows.push(row);
    else {
      this.summary.add(row);
      this.packer.add(row);
    }
  }

  finish(): DrawnRows {
    if (this.summary === undefined || this.packer === undefined) return { rows: this.rows };
    return { rows: this.summary.finish(), packed: this.packer.finish() };
  }
}
