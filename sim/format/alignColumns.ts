export interface AlignOptions {
  /** Columns (by index) padded on the left, for numbers. */
  readonly rightAligned?: ReadonlySet<number>;
  /** A rule of dashes under the first row, as wide as each column. */
  readonly ruleUnderHeader?: boolean;
}

/**
 * Pads a table's cells into aligned columns separated by two spaces, the one table layout
 * every command prints. Trailing spaces are trimmed so the output is stable in
 * golden-style comparisons.
 */
export function alignColumns(rows: readonly (readonly string[])[], options: AlignOptions = {}): string[] {
  const rightAligned = options.rightAligned ?? new Set<number>();
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const lines = rows.map(line);
  if (options.ruleUnderHeader && lines.length > 0) lines.splice(1, 0, line(widths.map((w) => "-".repeat(w))));
  return lines;
}
