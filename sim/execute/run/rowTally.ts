import type { MetricsRow } from "../../../src/engine/metricsRow.ts";

/**
 * Each metric's value at the last row that has it and its largest value over the rows
 * seen, for the summary `sim run` prints. It runs on every written row of a long run, so
 * the largest values go into an array in the rows' key order (learned again only when
 * the keys change) and the last row is kept as it is, rather than two records updated by
 * key: a keyed store per key per step cost a long run a tenth of its time, more than
 * formatting the row.
 */
export class RowTally {
  private keys: string[] = [];
  private largest: number[] = [];
  private lastRow: MetricsRow | undefined;
  /** What the rows before the last change of keys left: each key's last and largest value. */
  private readonly lastBefore = new Map<string, number>();
  private readonly largestBefore = new Map<string, number>();

  add(row: MetricsRow): void {
    const keys = this.keys;
    const largest = this.largest;
    let i = 0;
    for (const key in row) {
      if (key === "step") continue;
      if (keys[i] !== key) return this.relearn(row);
      const value = row[key] as number;
      if (value > (largest[i] as number)) largest[i] = value;
      i++;
    }
    if (i !== keys.length) return this.relearn(row);
    this.lastRow = row;
  }

  /** Per key, its value at the last row that has it. */
  last(): Record<string, number> {
    const last = Object.fromEntries(this.lastBefore);
    for (const key of this.keys) last[key] = (this.lastRow as MetricsRow)[key] as number;
    return last;
  }

  /** Per key, its largest value over the rows seen. */
  max(): Record<string, number> {
    const max = Object.fromEntries(this.largestBefore);
    this.keys.forEach((key, i) => {
      const earlier = max[key];
      const value = this.largest[i] as number;
      if (earlier === undefined || value > earlier) max[key] = value;
    });
    return max;
  }

  /** A row with other keys than the rows before: fold what they left into the maps, then restart the arrays at this row. */
  private relearn(row: MetricsRow): void {
    const previous = this.lastRow;
    this.keys.forEach((key, i) => {
      if (previous !== undefined) this.lastBefore.set(key, previous[key] as number);
      const value = this.largest[i] as number;
      const earlier = this.largestBefore.get(key);
      if (earlier === undefined || value > earlier) this.largestBefore.set(key, value);
    });
    this.keys = Object.keys(row).filter((key) => key !== "step");
    this.largest = this.keys.map((key) => row[key] as number);
    this.lastRow = row;
  }
}
