import type { MetricsRow } from "../../src/engine/metricsRow.ts";

type Row = Readonly<Record<string, number>>;

/**
 * The canonical text of one metrics row: `step` first, then the other keys sorted,
 * numbers in their shortest round-trip form (ECMAScript's Number-to-String, which
 * JSON.stringify uses). Golden files, metrics.jsonl and the determinism audit all use this one
 * function (through a RowFormatter), so equal rows are equal bytes.
 */
export function formatRow(row: Row): string {
  return new RowFormatter().format(row);
}

/** The whole file: one row per line, each line ending in "\n". */
export function formatRows(rows: readonly Row[]): string {
  const formatter = new RowFormatter();
  let out = "";
  for (const row of rows) out += formatter.format(row) + "\n";
  return out;
}

/**
 * formatRow for a stream of rows with the same keys, which is what a run writes: the
 * sorted key order and each key's `,"key":` text are worked out once per set of keys
 * (held as the order the rows list them in), so that a row costs one number-to-text
 * conversion per value and a concatenation. Sorting and quoting ~20 keys per row was a
 * fifth of a long run's wall time. The text is byte-identical to formatRow's definition
 * (a test holds the two equal on random rows).
 */
export class RowFormatter {
  /** The keys of the last row learned, in the row's own order. */
  private keys: string[] = [];
  /** The line's keys (lineLayout) and the text written before each value. */
  private order: string[] = [];
  private prefixes: string[] = [];

  format(row: Row): string {
    if (!this.sameKeys(row)) this.learn(row);
    const order = this.order;
    const prefixes = this.prefixes;
    let out = order.length === 0 ? "{" : "";
    for (let i = 0; i < order.length; i++) out += (prefixes[i] as string) + numberText(row[order[i] as string]);
    return out + "}";
  }

  private sameKeys(row: Row): boolean {
    const keys = this.keys;
    let i = 0;
    for (const key in row) {
      if (key !== keys[i++]) return false;
    }
    return i === keys.length;
  }

  private learn(row: Row): void {
    this.keys = Object.keys(row);
    ({ order: this.order, prefixes: this.prefixes } = lineLayout(this.keys));
  }
}

/**
 * A line's keys in the line's order, `step` first and then the others sorted, and the
 * text before each value: `{"key":` for the first, `,"key":` for the rest. RowFormatter
 * and the run's byte encoder (rowLineEncoder.ts) both lay a line out by it.
 */
export function lineLayout(keys: readonly string[]): { order: string[]; prefixes: string[] } {
  const sorted = keys.filter((key) => key !== "step").sort();
  const order = keys.includes("step") ? ["step", ...sorted] : sorted;
  return { order, prefixes: order.map((key, i) => `${i === 0 ? "{" : ","}${JSON.stringify(key)}:`) };
}

/** JSON's text of a number: String() for finite ones (the same shortest round-trip form), JSON.stringify's `null` for the rest. */
export function numberText(value: number | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : String(JSON.stringify(value));
}

export type { MetricsRow };
