/**
 * Each metric's value at the last row that has it and its largest value over the rows
 * seen, for the summary `sim run` prints. It runs on every written row of a long run, so
 * it takes the row as the columns the run reads it into once for its files (RowColumns:
 * the values by position in the key list, the same list being the same array while the
 * rows keep their keys) and keeps the last and largest values in arrays in that order,
 * learned again only when the keys change: a keyed store per key per step cost a long
 * run a tenth of its time, and a second pass over the engine's row (a dictionary object)
 * for the tally cost about as much as the first.
 */
export class RowTally {
  private keys: readonly string[] | undefined;
  private lastValues: number[] = [];
  private largest: number[] = [];
  /** What the rows before the last change of keys left: each key's last and largest value. */
  private readonly lastBefore = new Map<string, number>();
  private readonly largestBefore = new Map<string, number>();

  /** A row read as columns: `values[i]` is key `keys[i]`'s (the row's `step` among them, left out of the tally). */
  add(keys: readonly string[], values: readonly number[]): void {
    if (keys !== this.keys) this.relearn(keys, values);
    const { lastValues, largest } = this;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      lastValues[i] = value;
      if (value > (largest[i] as number)) largest[i] = value;
    }
  }

  /** Per key, its value at the last row that has it. */
  last(): Record<string, number> {
    const last = Object.fromEntries(this.lastBefore);
    this.tallied((key, i) => (last[key] = this.lastValues[i] as number));
    return last;
  }

  /** Per key, its largest value over the rows seen. */
  max(): Record<string, number> {
    const max = Object.fromEntries(this.largestBefore);
    this.tallied((key, i) => {
      const earlier = max[key];
      const value = this.largest[i] as number;
      if (earlier === undefined || value > earlier) max[key] = value;
    });
    return max;
  }

  /** Calls `each` with every key of the current list but `step`, and its column. */
  private tallied(each: (key: string, column: number) => void): void {
    this.keys?.forEach((key, i) => {
      if (key !== "step") each(key, i);
    });
  }

  /** A row with another key list than the rows before: fold what they left into the maps, then restart the arrays at this row's values. */
  private relearn(keys: readonly string[], values: readonly number[]): void {
    this.tallied((key, i) => {
      this.lastBefore.set(key, this.lastValues[i] as number);
      const value = this.largest[i] as number;
      const earlier = this.largestBefore.get(key);
      if (earlier === undefined || value > earlier) this.largestBefore.set(key, value);
    });
    this.keys = keys;
    this.lastValues = [...values];
    this.largest = [...values];
  }
}
