import { basename, dirname, relative, resolve } from "node:path";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { UserError } from "../../../src/errors.ts";
import { formatRows } from "../../format/jsonl.ts";
import { isCiSet } from "../../io/isCiSet.ts";
import { compareRows } from "./compareRows.ts";
import type { GoldenMismatch } from "./goldenComparison.ts";
import { applyGoldenUpdate, planGoldenUpdate, type GoldenUpdate } from "./goldenUpdate.ts";
import { nodeGoldenStore } from "./nodeGoldenStore.ts";
import { metricsRowsOf, parseMetricsText } from "../../format/metricsRows.ts";
import { GOLDEN_LAYOUT } from "./goldenLayout.ts";
import type { GoldenTolerances } from "../../input/scenario/scenario.ts";
import { SCENARIO_DEFAULTS } from "../../input/scenario/scenarioDefaults.ts";

const GOLDEN_SUFFIX = ".jsonl";

/** How a golden file may be treated: vitest's update flag and the CI variable decide. */
export interface GoldenFileMode {
  /** Write a missing or changed golden file instead of failing (vitest's `-u`). */
  readonly update: boolean;
  /** The environment variable CI: golden files are never written when it is set, as in `sim check`. */
  readonly ci: string | undefined;
}

/** The outcome of holding rows against one golden file, as data. */
export type GoldenFileMatch =
  | { readonly kind: "match"; readonly path: string; readonly totalValues: number }
  | { readonly kind: "mismatch"; readonly path: string; readonly mismatch: GoldenMismatch; readonly ciRefusedUpdate?: string }
  | { readonly kind: "missing"; readonly path: string; readonly ciRefusedUpdate?: string }
  | { readonly kind: "written"; readonly path: string; readonly update: Exclude<GoldenUpdate, { kind: "unchanged" }> };

/** The tolerances of a scenario that states none (exact); what the caller leaves out of its own. */
const EXACT: GoldenTolerances = { ...SCENARIO_DEFAULTS.golden, rules: [] };

/**
 * Holds `rows` (what `simulate` returns) against the golden file `file` (resolved from
 * `cwd`, shown relative to it) with `sim check`'s comparison and tolerances (a
 * scenario's `golden`, or any part of one; exact by default): the same
 * parser, compareRows and update planning, so a golden file means the same thing to
 * both. Under `mode.update` (and CI not set) a missing or changed file is written
 * atomically; an unchanged one is left alone. A golden file that does not parse throws
 * a GoldenFileError, and rows that are not metrics rows throw a UserError: neither is a
 * mismatch.
 */
export async function matchGoldenFile(
  rows: unknown,
  file: string,
  tolerances: Partial<GoldenTolerances> | undefined,
  mode: GoldenFileMode,
  cwd: string,
): Promise<GoldenFileMatch> {
  const absolute = resolve(cwd, file);
  if (!absolute.endsWith(GOLDEN_SUFFIX)) throw new UserError(`toMatchGoldenFile: ${file}: a golden file's name ends in ${GOLDEN_SUFFIX}`);
  const actual = checkedRows(rows);
  // The file is shown as the test names it, relative to `cwd` (the test file's directory) even when that climbs out of it.
  const store = nodeGoldenStore(dirname(absolute), cwd, relative);
  const name = basename(absolute, GOLDEN_SUFFIX);
  const path = store.pathOf(name);
  if (mode.update && !isCiSet(mode.ci)) {
    const update = await planGoldenUpdate(store, name, actual);
    if (update.kind === "unchanged") return { kind: "match", path, totalValues: countValues(actual) };
    applyGoldenUpdate(update);
    return { kind: "written", path, update };
  }
  const ciRefusedUpdate = mode.update ? { ciRefusedUpdate: mode.ci as string } : {};
  const lines = await store.lines(name);
  if (lines === undefined) return { kind: "missing", path, ...ciRefusedUpdate };
  const comparison = compareRows(metricsRowsOf(lines, path, GOLDEN_LAYOUT), actual, { ...EXACT, ...tolerances });
  if (comparison.kind === "match") return { kind: "match", path, totalValues: comparison.totalValues };
  return { kind: "mismatch", path, mismatch: comparison, ...ciRefusedUpdate };
}

/**
 * The received value as metrics rows, checked the way a golden file is: an array of
 * objects with `step` counting from 1 and finite numbers only.
 */
function checkedRows(rows: unknown): MetricsRow[] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new UserError("toMatchGoldenFile: expected a non-empty array of metrics rows (what simulate returns)");
  }
  return parseMetricsText(formatRows(rows as Record<string, number>[]), "toMatchGoldenFile's received rows, row");
}

function countValues(rows: readonly MetricsRow[]): number {
  return rows.reduce((total, row) => total + Object.keys(row).length - 1, 0);
}
