import type { MetricsRow } from "../../src/engine/metricsRow.ts";

/** Buckets a long run's summary has: the page's first paint draws about this many per line. */
export const SUMMARY_BUCKETS = 1000;

/**
 * A long run's rows summarised as they stream past, for the report's first paint and its
 * images: the steps cut into SUMMARY_BUCKETS buckets of equal length, and per bucket two
 * rows, every key's minimum at the bucket's first step and its maximum at its last. A line
 * through them draws the envelope of the run's values, every spike included, in a few
 * thousand points; the page then replaces it with the steps themselves as it zooms in
 * (packedRun.ts). Memory holds the summary, never the run.
 */
export class SummaryRows {
  private readonly bucketSteps: number;
  private readonly rows: MetricsRow[] = [];
  private low: Record<string, number> = {};
  private high: Record<string, number> = {};
  private bucketFirst = 0;
  private bucketLast = 0;
  private inBucket = 0;

  constructor(stepCount: number) {
    this.bucketSteps = Math.max(1, Math.ceil(stepCount / SUMMARY_BUCKETS));
  }

  add(row: MetricsRow): void {
    if (this.inBucket === 0) this.bucketFirst = row.step;
    this.bucketLast = row.step;
    for (const key in row) {
      if (key === "step") continue;
      const value = row[key] as number;
      const low = this.low[key];
      if (low === undefined || value < low) this.low[key] = value;
      const high = this.high[key];
      if (high === undefined || value > high) this.high[key] = value;
    }
    if (++this.inBucket === this.bucketSteps) this.close();
  }

  /** The summary rows, steps ascending. */
  finish(): MetricsRow[] {
    this.close();
    return this.rows;
  }

  private close(): void {
    if (this.inBucket === 0) return;
    this.rows.push({ step: this.bucketFirst, ...this.low } as MetricsRow);
    if (this.bucketLast !== this.bucketFirst) this.rows.push({ step: this.bucketLast, ...this.high } as MetricsRow);
    this.low = {};
    this.high = {};
    this.inBucket = 0;
  }
}
