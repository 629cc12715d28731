type Row = Readonly<Record<string, number>>;

/** How many key lists a RowColumns keeps layouts for (a run's rows have a handful). */
const KNOWN_KEY_LISTS = 16;

/**
 * A stream of rows read as columns, for the writers that hand-encode a record per step
 * (TensorBoard's scalar events, W&B's history records): each row's values by position in
 * its key list, read in one pass over the row, and the writer's layout of its record for
 * that key list (`layOut`, called once per key list). A run's rows have the same keys
 * step after step, so a record is laid out once and a step only moves numbers.
 *
 * One pass matters: the engine builds each row key by key, which leaves it a dictionary
 * object, so every enumeration of it and every lookup by key is a hash-table walk; the
 * writers had enumerated each row to check its keys and then looked every value up by
 * key again. And the layouts are kept per key list, as a run's rows go back and forth
 * between a few (a counter present only on the steps where it moved): laying a record
 * out anew at each change was a visible share of the writers' cost.
 */
export class RowColumns<Layout> {
  /** The keys of the last row read, in the row's own order. */
  keys: readonly string[] = [];
  /** The last row's values, by position in `keys`: this reader's own array (`read`) or the one `adopt` was given; valid until the next call. */
  values: readonly number[] = [];
  /** The writer's layout for `keys` (undefined only before the first row). */
  layout: Layout | undefined;
  /** The array `read` fills (reused). */
  private readonly own: number[] = [];
  /** The key lists seen and their layouts, most recently used first. */
  private readonly known: { keys: readonly string[]; layout: Layout }[] = [];

  constructor(private readonly layOut: (keys: readonly string[]) => Layout) {}

  /** Reads `row` into `values` (and, when its keys are not the last row's, `keys` and `layout`); returns the layout. */
  read(row: Row): Layout {
    const keys = this.keys;
    const values = this.own;
    this.values = values;
    let i = 0;
    for (const key in row) {
      if (key !== keys[i]) return this.learn(row);
      values[i++] = row[key] as number;
    }
    // The first row is always learned, even one with no keys (which the empty `keys` would otherwise match); so is one
    // after adopted rows of other keys, whose `keys` this reader's own array was not filled for.
    return i === keys.length && i === values.length && this.layout !== undefined ? this.layout : this.learn(row);
  }

  /**
   * Takes a row another reader has read (`keys` and `values` as a RowColumns has them):
   * a run's step goes to several writers, and reading the row once for all of them saves
   * each its own pass over it. Returns the layout; the same `keys` array as the last call's
   * costs no comparison. `values` is used as it is, not copied: valid until the next call.
   */
  adopt(keys: readonly string[], values: readonly number[]): Layout {
    this.values = values;
    if (keys === this.keys && this.layout !== undefined) return this.layout;
    const layout = this.use(keys);
    this.keys = keys;
    return layout;
  }

  private learn(row: Row): Layout {
    const keys = Object.keys(row);
    this.use(keys);
    const own = this.own;
    own.length = 0;
    for (const key of keys) own.push(row[key] as number);
    return this.layout as Layout;
  }

  /** Makes `keys`' layout (laid out once per key list) the current one; `keys` becomes the kept list's array. */
  private use(keys: readonly string[]): Layout {
    const index = this.known.findIndex((entry) => sameKeys(entry.keys, keys));
    const entry = index >= 0 ? (this.known.splice(index, 1)[0] as { keys: readonly string[]; layout: Layout }) : { keys, layout: this.layOut(keys) };
    this.known.unshift(entry);
    if (this.known.length > KNOWN_KEY_LISTS) this.known.pop();
    this.keys = entry.keys;
    this.layout = entry.layout;
    return entry.layout;
  }
}

/** A key's position in a row's key list (-1: not there), looked up once per list: a list read by RowColumns stays one array while the rows keep their keys. */
export class KeyPosition {
  private keys: readonly string[] | undefined;
  private at = -1;

  constructor(private readonly key: string) {}

  in(keys: readonly string[]): number {
    if (keys !== this.keys) {
      this.keys = keys;
      this.at = keys.indexOf(this.key);
    }
    return this.at;
  }
}

/** The keys that are a row's coordinates, not its scalars: its step (a record's step) and, in a per-rank row, its rank (the sub-run it goes to). */
export const ROW_COORDINATE_KEYS: readonly string[] = ["step"];
export const RANK_ROW_COORDINATE_KEYS: readonly string[] = ["step", "rank"];

/** A row's keys less `omit`, in the row's order, and each one's position in the row's keys (where RowColumns has its value). */
export function keptColumns(keys: readonly string[], omit: readonly string[]): { keys: string[]; columns: number[] } {
  const kept: { keys: string[]; columns: number[] } = { keys: [], columns: [] };
  keys.forEach((key, column) => {
    if (omit.includes(key)) return;
    kept.keys.push(key);
    kept.columns.push(column);
  });
  return kept;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
