import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { describeJsonError } from "../io/jsonError.ts";
import { escapeControlCharacters } from "../io/showText.ts";
import { GoldenFileError } from "./goldenFileError.ts";

/**
 * Where the steps of a metrics file start and how many rows each step has: a golden file
 * starts at step 1 with one row a step; a resumed run's metrics.jsonl starts after its
 * snapshot, and metrics.per_rank.jsonl has one row per rank a step.
 */
export interface RowsLayout {
  readonly firstStep?: number;
  readonly rowsPerStep?: number;
}

/**
 * Reads the text of a golden file into rows, checking what `formatRows` guarantees: one
 * JSON object per line, every line ending in "\n", an integer `step` counting 1, 2, 3 ...
 * and finite numbers only. Anything else throws a GoldenFileError naming `file` and the
 * line, so a truncated or hand-mangled file is never compared (or overwritten). The same
 * checks read a run's metrics files, given their layout.
 */
export function parseGolden(text: string, file: string, layout: RowsLayout = {}): MetricsRow[] {
  // Windows checkouts may turn "\n" into "\r\n"; the rows are the same.
  const normalized = text.replace(/\r\n/g, "\n");
  if (normalized.length === 0) throw new GoldenFileError(file, 1, "the file is empty (truncated?); regenerate it with `sim check --update`");
  const lines = normalized.split("\n");
  const last = lines.pop();
  if (last !== "") {
    throw new GoldenFileError(file, lines.length + 1, "the last line does not end with a newline (the file looks truncated)");
  }
  return lines.map((line, index) => parseGoldenLine(line, index + 1, file, layout));
}

function parseGoldenLine(line: string, lineNumber: number, file: string, layout: RowsLayout): MetricsRow {
  if (line.trim() === "") throw new GoldenFileError(file, lineNumber, "empty line; every line must hold one row");
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const described = describeJsonError(line, error);
    throw new GoldenFileError(file, lineNumber, `not a JSON value${described.truncated ? " (the line looks truncated)" : ""}: ${described.reason}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GoldenFileError(file, lineNumber, "not a JSON object; every line must be one row {\"step\": n, ...}");
  }
  const row = parsed as Record<string, unknown>;
  const step = row.step;
  if (step === undefined) throw new GoldenFileError(file, lineNumber, "the row has no \"step\"");
  if (typeof step !== "number" || !Number.isInteger(step)) {
    throw new GoldenFileError(file, lineNumber, `"step" must be an integer, but is ${JSON.stringify(step)}`);
  }
  // Rows are written one per step from step 1, so line n holds step n (or, in another
  // layout, the step its position gives).
  const firstStep = layout.firstStep ?? 1;
  const rowsPerStep = layout.rowsPerStep ?? 1;
  const expectedStep = firstStep + Math.floor((lineNumber - 1) / rowsPerStep);
  if (step !== expectedStep) {
    const how = rowsPerStep === 1 ? `steps count from ${firstStep} with no gaps` : `steps count from ${firstStep} with no gaps, ${rowsPerStep} row(s) a step`;
    throw new GoldenFileError(file, lineNumber, `expected step ${expectedStep} (${how}), but found step ${step}`);
  }
  for (const [key, value] of Object.entries(row)) {
    if (typeof value !== "number") {
      throw new GoldenFileError(file, lineNumber, `metric ${escapeControlCharacters(JSON.stringify(key))} must be a number, but is ${escapeControlCharacters(JSON.stringify(value))}`);
    }
  }
  return row as MetricsRow;
}
