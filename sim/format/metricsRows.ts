import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { GoldenFileError } from "./goldenFileError.ts";
import { describeJsonError } from "../io/jsonError.ts";
import { type Line, linesOfFile, linesOfText } from "../io/lineReader.ts";
import { escapeControlCharacters } from "../io/showText.ts";
import { describeWrittenSteps, firstWrittenStepFrom, writtenStepCount } from "./writtenSteps.ts";
import { parseJsonObject } from "./jsonObject.ts";

/**
 * Where the steps of a metrics file start, how many rows each step has and where they
 * end: a golden file starts at step 1 with one row a step; a resumed run's metrics.jsonl
 * starts after its snapshot; metrics.per_rank.jsonl has one row per rank a step, each
 * with its `rank`, in rank order.
 */
export interface RowsLayout {
  readonly firstStep?: number;
  /** One row a step (the default), the world size, or "ranks": a per-rank file whose world size the first step's rows give. */
  readonly rowsPerStep?: number | "ranks";
  /** The step the file must end at (artifacts.json's steps): fewer rows is a truncated file, more is refused at the first extra line. */
  readonly lastStep?: number;
  /** Where lastStep comes from, for messages: a run's artifacts.json (the default) or a golden file's scenario. */
  readonly lastStepFrom?: "artifacts" | "scenario";
  /** Rows are written for the multiples of `every` and the last step only (writtenSteps.ts; default 1, every step). */
  readonly every?: number;
  /** What follows "the file is empty" in its message (why, or how to make the file again). */
  readonly whenEmpty?: string;
}

/** A row and the line it was read from, as written (a reader that compares bytes needs both). */
export interface MetricsLine {
  readonly row: MetricsRow;
  readonly text: string;
  readonly number: number;
}

/**
 * The one reader of metrics rows: metrics.jsonl, metrics.per_rank.jsonl and golden files,
 * for every command. It checks what `formatRows` guarantees: one JSON object per line,
 * every line ending in "\n", an integer `step` counting from the layout's first step,
 * finite numbers only (`1e400` parses as Infinity, which no run writes), and for a
 * per-rank file the ranks in order each step. Anything else throws a GoldenFileError
 * (exit 2) naming the file and the line, so a truncated or hand-edited file is never
 * compared, drawn or exported. Rows come one at a time: a consumer that stops early
 * (a comparison at its first difference) reads no further.
 */
export function* metricsLinesOf(lines: Iterable<Line>, file: string, layout: RowsLayout = {}): Generator<MetricsLine, void, undefined> {
  const firstStep = layout.firstStep ?? 1;
  const every = layout.every ?? 1;
  const { lastStep } = layout;
  // The steps written (writtenSteps.ts): from the first multiple of `every`, then every `every`-th, and the last step.
  const firstWritten = lastStep === undefined ? Math.ceil(firstStep / every) * every : firstWrittenStepFrom({ every, lastStep }, firstStep);
  const stepAt = (index: number): number => (lastStep === undefined ? firstWritten + index * every : Math.min(firstWritten + index * every, lastStep));
  let rowsPerStep = layout.rowsPerStep === "ranks" ? undefined : (layout.rowsPerStep ?? 1);
  const ranked = layout.rowsPerStep !== undefined && layout.rowsPerStep !== 1;
  let count = 0;
  let lastNumber = 0;
  // Without a known last step, the last step of a thinned file may be off the multiples (after at least one multiple); the step it took.
  let finalStep: number | undefined;
  for (const line of lines) {
    lastNumber = line.number;
    if (!line.terminated) throw new GoldenFileError(file, line.number, "the last line does not end with a newline (the file looks truncated)");
    const row = parseRowLine(line.text, line.number, file);
    // A per-rank file of unknown world size: the first step's rows say it.
    if (rowsPerStep === undefined && row.step !== (finalStep ?? firstWritten)) rowsPerStep = count;
    const perStep = rowsPerStep ?? Number.MAX_SAFE_INTEGER;
    const index = Math.floor(count / perStep);
    let expectedStep = finalStep ?? stepAt(index);
    if (finalStep !== undefined && count % perStep === 0) {
      throw new GoldenFileError(
        file,
        line.number,
        `step ${row.step} after step ${finalStep}, which is off the multiples of ${every} and so must be the file's last (${describeWrittenSteps(every)})`,
      );
    }
    // An unknown last step off the multiples: taken as the file's last when it falls between two written steps.
    if (row.step !== expectedStep && lastStep === undefined && every > 1 && index > 0 && count % perStep === 0 && row.step < expectedStep && row.step > stepAt(index - 1)) {
      finalStep = row.step;
      expectedStep = row.step;
    }
    if (row.step !== expectedStep)
      throw new GoldenFileError(
        file,
        line.number,
        `expected step ${expectedStep} (${stepRule(firstStep, every, rowsPerStep)}), but found step ${row.step}${wrongEveryHint(index)}`,
      );
    if (lastStep !== undefined && row.step > lastStep) {
      throw new GoldenFileError(
        file,
        line.number,
        `step ${row.step} is past the run's last step ${lastStep} (${layout.lastStepFrom === "scenario" ? "the scenario's steps" : "artifacts.json's steps"})`,
      );
    }
    if (ranked) {
      const rank = count % perStep;
      if (row.rank !== rank) throw new GoldenFileError(file, line.number, `expected rank ${rank} (ranks in order each step), but found ${JSON.stringify(row.rank)}`);
    }
    count++;
    yield { row, text: line.text, number: line.number };
  }
  if (count === 0) throw new GoldenFileError(file, 1, `the file is empty${layout.whenEmpty ?? ""}`);
  const perStep = rowsPerStep ?? count;
  if (lastStep !== undefined) {
    const expected = writtenStepCount({ every, lastStep }, firstStep) * perStep;
    if (count < expected) {
      const which = every === 1 ? `steps ${firstStep}..${lastStep}` : `${describeWrittenSteps(every)} of steps ${firstStep}..${lastStep}`;
      throw new GoldenFileError(
        file,
        lastNumber + 1,
        `expected ${expected} rows (${which}${perStep === 1 ? "" : `, ${perStep} a step`}, as ${layout.lastStepFrom === "scenario" ? "the scenario's steps say" : "artifacts.json records"}), found ${count}: the file is truncated`,
      );
    }
  }
}

function stepRule(firstStep: number, every: number, rowsPerStep: number | undefined): string {
  const steps = every === 1 ? `steps count from ${firstStep} with no gaps` : `from step ${firstStep} on, ${describeWrittenSteps(every)}`;
  return rowsPerStep === 1 ? steps : `${steps}, ${rowsPerStep ?? "one row per rank"} row(s) a step`;
}

/**
 * When a file's first step is not the one expected, the file was likely written with
 * another metrics_every (a golden file made at N = 1 held against a scenario at N = 10, or
 * the other way round): says so, since such files are never compared value by value.
 */
function wrongEveryHint(index: number): string {
  if (index > 0) return "";
  return ": was the file written with another metrics_every (the scenario's [run] metrics_every, or sim run --metrics-every)? Rows of different metrics_every are never compared";
}

/** metricsLinesOf's rows alone. */
export function* metricsRowsOf(lines: Iterable<Line>, file: string, layout: RowsLayout = {}): Generator<MetricsRow, void, undefined> {
  for (const line of metricsLinesOf(lines, file, layout)) yield line.row;
}

/** The rows of a metrics file on disk, streamed (`shown` names it in messages). */
export function readMetricsRows(path: string, shown: string, layout: RowsLayout = {}): Generator<MetricsRow, void, undefined> {
  return metricsRowsOf(linesOfFile(path, { shown, kind: "metrics file" }), shown, layout);
}

/**
 * The step of a metrics file's first row, when its first line reads as one (a resumed
 * run's file starts after its snapshot), else 1: the rows reader then names the line and
 * its problem. Only the first line is read.
 */
export function firstMetricsStep(path: string, shown: string): number {
  for (const line of linesOfFile(path, { shown, kind: "run's metrics" })) {
    const step = parseJsonObject(line.text)?.step;
    return typeof step === "number" && Number.isInteger(step) && step >= 1 ? step : 1;
  }
  return 1;
}

/** All rows of a metrics text already in memory (a golden file from its store, a matcher's rows). */
export function parseMetricsText(text: string, file: string, layout: RowsLayout = {}): MetricsRow[] {
  return [...metricsRowsOf(linesOfText(text), file, layout)];
}

function parseRowLine(line: string, lineNumber: number, file: string): MetricsRow {
  if (line.trim() === "") throw new GoldenFileError(file, lineNumber, "empty line; every line must hold one row");
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const described = describeJsonError(line, error);
    throw new GoldenFileError(file, lineNumber, `not a JSON value${described.truncated ? " (the line looks truncated)" : ""}: ${described.reason}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GoldenFileError(file, lineNumber, 'not a JSON object; every line must be one row {"step": n, ...}');
  }
  const row = parsed as Record<string, unknown>;
  const step = row.step;
  if (step === undefined) throw new GoldenFileError(file, lineNumber, 'the row has no "step"');
  if (typeof step !== "number" || !Number.isInteger(step)) {
    throw new GoldenFileError(file, lineNumber, `"step" must be an integer, but is ${JSON.stringify(step)}`);
  }
  for (const key in row) {
    const value = row[key];
    if (typeof value !== "number") {
      throw new GoldenFileError(
        file,
        lineNumber,
        `metric ${escapeControlCharacters(JSON.stringify(key))} must be a number, but is ${escapeControlCharacters(JSON.stringify(value))}`,
      );
    }
    if (!Number.isFinite(value)) {
      throw new GoldenFileError(
        file,
        lineNumber,
        `metric ${escapeControlCharacters(JSON.stringify(key))} must be a finite number, but the file's text reads as ${value} (too large for a double?)`,
      );
    }
  }
  return row as MetricsRow;
}
