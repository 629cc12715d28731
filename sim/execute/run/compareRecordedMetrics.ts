import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { RowFormatter } from "../../format/jsonl.ts";
import type { MetricsLine } from "../../format/metricsRows.ts";

/** The first place where a recorded metrics file and a re-run disagree. */
export interface MetricsDifference {
  /** 1-based line of the recorded file. */
  readonly line: number;
  readonly step: number;
  /** The metric key, or "(row)" when one side has no row at all. */
  readonly key: string;
  /** The recorded value, as text ("(missing)" when absent). */
  readonly expected: string;
  /** The re-run's value, as text ("(missing)" when absent). */
  readonly actual: string;
}

export interface MetricsComparison {
  readonly identical: boolean;
  readonly rowsCompared: number;
  readonly firstDifference?: MetricsDifference;
}

const MISSING = "(missing)";

function show(value: unknown): string {
  return value === undefined ? MISSING : JSON.stringify(value);
}

/**
 * Compares the recorded metrics.jsonl (its lines, read and checked by metricsLinesOf)
 * with the rows of a re-run, line by line, and stops at the first difference: neither
 * the rest of the file nor the rest of the re-run is read. Equal rows are equal bytes
 * (formatRow), so a line that differs is then looked at to name the first key that
 * differs: `step` first, then the keys in sorted order.
 */
export async function compareRecordedMetrics(recorded: Iterable<MetricsLine>, rows: AsyncIterable<MetricsRow> | Iterable<MetricsRow>): Promise<MetricsComparison> {
  const lines = recorded[Symbol.iterator]();
  const formatter = new RowFormatter();
  let compared = 0;
  try {
    for await (const row of rows) {
      const next = lines.next();
      const actual = formatter.format(row);
      if (next.done === true) {
        return {
          identical: false,
          rowsCompared: compared,
          firstDifference: { line: compared + 1, step: row.step, key: "(row)", expected: "(no row: the recorded file ends here)", actual },
        };
      }
      if (next.value.text !== actual) return { identical: false, rowsCompared: compared, firstDifference: differenceIn(next.value, row, actual) };
      compared++;
    }
    const extra = lines.next();
    if (extra.done !== true) {
      return {
        identical: false,
        rowsCompared: compared,
        firstDifference: { line: extra.value.number, step: NaN, key: "(row)", expected: extra.value.text, actual: "(no row: the re-run ends here)" },
      };
    }
    return { identical: true, rowsCompared: compared };
  } finally {
    lines.return?.();
  }
}

function differenceIn(line: MetricsLine, row: MetricsRow, actual: string): MetricsDifference {
  const recorded = line.row;
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(row)])].filter((k) => k !== "step").sort();
  for (const key of ["step", ...keys]) {
    const expected = show(recorded[key]);
    const value = show(row[key]);
    if (expected !== value) return { line: line.number, step: row.step, key, expected, actual: value };
  }
  // Same values, different bytes (e.g. key order or spacing edited): the line itself differs.
  return { line: line.number, step: row.step, key: "(formatting)", expected: line.text, actual };
}
