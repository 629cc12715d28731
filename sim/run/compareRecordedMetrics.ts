import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { formatRow } from "../format/jsonl.ts";

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
 * Compares the recorded metrics.jsonl text with the rows of a re-run, line by line.
 * Equal rows are equal bytes (formatRow), so a line that differs is then parsed to name
 * the first key that differs: `step` first, then the keys in sorted order.
 */
export function compareRecordedMetrics(recordedText: string, rows: readonly MetricsRow[]): MetricsComparison {
  const lines = recordedText.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const n = Math.max(lines.length, rows.length);
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    const row = rows[i];
    if (line === undefined) {
      return { identical: false, rowsCompared: i, firstDifference: { line: i + 1, step: row!.step, key: "(row)", expected: "(no row: the recorded file ends here)", actual: formatRow(row!) } };
    }
    if (row === undefined) {
      return { identical: false, rowsCompared: i, firstDifference: { line: i + 1, step: NaN, key: "(row)", expected: line, actual: "(no row: the re-run ends here)" } };
    }
    if (line === formatRow(row)) continue;
    let recorded: Record<string, unknown>;
    try {
      recorded = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { identical: false, rowsCompared: i, firstDifference: { line: i + 1, step: row.step, key: "(row)", expected: line, actual: formatRow(row) } };
    }
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(row)])].filter((k) => k !== "step").sort();
    for (const key of ["step", ...keys]) {
      const expected = show(recorded[key]);
      const actual = show((row as Record<string, number>)[key]);
      if (expected !== actual) {
        return { identical: false, rowsCompared: i, firstDifference: { line: i + 1, step: row.step, key, expected, actual } };
      }
    }
    // Same values, different bytes (e.g. key order or spacing edited): the line itself differs.
    return { identical: false, rowsCompared: i, firstDifference: { line: i + 1, step: row.step, key: "(formatting)", expected: line, actual: formatRow(row) } };
  }
  return { identical: true, rowsCompared: n };
}
