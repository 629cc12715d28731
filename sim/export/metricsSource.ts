import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../../src/errors.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { parseGolden } from "../golden/parseGolden.ts";
import { readTextFile } from "../io/readTextFile.ts";
import { RUN_FILES } from "../run/runFiles.ts";

/** A rank's row from metrics.per_rank.jsonl: its step, its rank and its local values. */
export type RankRow = MetricsRow & { readonly rank: number };

/** The rows of a run directory or a golden file, read and checked for an export. */
export interface MetricsSource {
  readonly kind: "run directory" | "golden file";
  /** As the user named it. */
  readonly input: string;
  /** The run directory's name, or the golden file's scenario name. */
  readonly name: string;
  readonly rows: readonly MetricsRow[];
  /** A run's metrics.per_rank.jsonl, when it has one. */
  readonly rankRows: readonly RankRow[];
}

const WHAT = "expected a run directory (holding metrics.jsonl and events.jsonl) or a golden file (<scenario>.jsonl)";

/**
 * Reads a run directory (any run, from before event files too) or a golden file, as
 * strictly as `sim check` reads goldens: anything else is bad input naming `input`.
 */
export function readMetricsSource(input: string, path: string): MetricsSource {
  if (!existsSync(path)) throw new UserError(`${input}: no such file or directory; ${WHAT}`);
  if (statSync(path).isDirectory()) return readRunDirectory(input, path);
  if (!path.endsWith(".jsonl")) throw new UserError(`${input}: not a run directory or a golden file; ${WHAT}`);
  const rows = parseNonEmpty(readTextFile(path, { kind: "golden file", shown: input }), input, 1);
  return { kind: "golden file", input, name: basename(path, ".jsonl"), rows, rankRows: [] };
}

function readRunDirectory(input: string, dir: string): MetricsSource {
  const metricsFile = join(dir, RUN_FILES.metrics);
  if (!existsSync(metricsFile) || !existsSync(join(dir, RUN_FILES.events))) {
    throw new UserError(`${input}: not a run directory (it has no ${existsSync(metricsFile) ? RUN_FILES.events : RUN_FILES.metrics}); ${WHAT}`);
  }
  const shown = join(input, RUN_FILES.metrics);
  const text = readTextFile(metricsFile, { kind: "run's metrics", shown });
  // A run resumed from a snapshot starts after the snapshot's step.
  const firstStep = firstStepOf(text);
  const rows = parseNonEmpty(text, shown, firstStep);
  const perRankFile = join(dir, RUN_FILES.metricsPerRank);
  const rankRows = existsSync(perRankFile) ? parseRankRows(readTextFile(perRankFile, { kind: "run's per-rank metrics", shown: join(input, RUN_FILES.metricsPerRank) }), join(input, RUN_FILES.metricsPerRank), firstStep) : [];
  return { kind: "run directory", input, name: basename(dir), rows, rankRows };
}

function parseNonEmpty(text: string, shown: string, firstStep: number): MetricsRow[] {
  if (text.length === 0) throw new UserError(`${shown}: no rows (the file is empty)`);
  return parseGolden(text, shown, { firstStep });
}

function firstStepOf(text: string): number {
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  try {
    const step = (JSON.parse(firstLine) as { step?: unknown }).step;
    if (typeof step === "number" && Number.isInteger(step) && step >= 1) return step;
  } catch {
    // parseGolden names the line and the reason.
  }
  return 1;
}

/** metrics.per_rank.jsonl: each line a row with integer `step` (from the run's first) and `rank`, each rank's steps increasing. */
function parseRankRows(text: string, shown: string, firstStep: number): RankRow[] {
  const rows: RankRow[] = [];
  const lastStepOfRank = new Map<number, number>();
  const lines = text.split("\n");
  if (lines.pop() !== "") throw new UserError(`${shown}:${lines.length + 1}: the last line does not end with a newline (the file looks truncated)`);
  lines.forEach((line, index) => {
    const at = `${shown}:${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${at}: not a JSON value: ${(error as Error).message}`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) throw new UserError(`${at}: not a JSON object; every line must be one row {"step": n, "rank": r, ...}`);
    const record = row as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value !== "number" || !Number.isFinite(value)) throw new UserError(`${at}: ${JSON.stringify(key)} must be a finite number, but is ${JSON.stringify(value)}`);
    }
    const { step, rank } = record;
    for (const [key, value] of [["step", step], ["rank", rank]] as const) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new UserError(`${at}: "${key}" must be a non-negative integer, but is ${JSON.stringify(value)}`);
    }
    if ((step as number) < firstStep) throw new UserError(`${at}: step ${step} comes before the run's first step ${firstStep} (metrics.jsonl's first row)`);
    const previous = lastStepOfRank.get(rank as number);
    if (previous !== undefined && (step as number) <= previous) throw new UserError(`${at}: rank ${rank} goes from step ${previous} to step ${step}; each rank's steps must increase`);
    lastStepOfRank.set(rank as number, step as number);
    rows.push(record as RankRow);
  });
  return rows;
}
