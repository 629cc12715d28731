/**
 * One part of `npm run bench`. A section measures something, prints its own table as it
 * goes, and hands back the lines that scripts read (`key: value`), which the bench
 * prints together at the very end. Adding a measurement is adding a section to the list
 * in bench.ts.
 */
export interface BenchSection {
  readonly title: string;
  run(out: (line: string) => void): Promise<readonly ScriptLine[]>;
}

/** A `key: value` line for scripts, e.g. `rank-steps/s: 1234567`. */
export interface ScriptLine {
  readonly key: string;
  readonly value: string;
}

/** A row of a section's human-readable table: the label padded, then the value. */
export function tableRow(label: string, value: string): string {
  return `  ${label.padEnd(44)} ${value}`;
}
