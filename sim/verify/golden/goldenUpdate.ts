import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { RowFormatter } from "../../format/jsonl.ts";
import type { Line } from "../../io/lineReader.ts";
import type { GoldenDraft, GoldenStore } from "./goldenStore.ts";
import { metricsLinesOf, type RowsLayout } from "../../format/metricsRows.ts";
import { GoldenFileError } from "../../format/goldenFileError.ts";
import { GOLDEN_LAYOUT } from "./goldenLayout.ts";

/** What `sim check --update` would do to one golden file: a new or changed file's draft is written, and waits for applyGoldenUpdate or discardGoldenUpdate. */
export type GoldenUpdate =
  | { readonly kind: "new"; readonly name: string; readonly draft: GoldenDraft }
  | { readonly kind: "unchanged"; readonly name: string }
  | { readonly kind: "changed"; readonly name: string; readonly draft: GoldenDraft; readonly stepsDiffering: number };

/**
 * A golden file's new text, made as the run's rows pass: each row is written to a
 * draft of the file (the file itself untouched) in the canonical form of formatRows.
 */
export class GoldenDraftWriter {
  private readonly formatter = new RowFormatter();

  constructor(readonly draft: GoldenDraft) {}

  push(row: MetricsRow): void {
    this.draft.write(this.formatter.format(row) + "\n");
  }
}

/** planDraftedUpdate of `rows`, drafted here: the whole plan for a caller that has the rows at hand (the vitest matcher). */
export async function planGoldenUpdate(store: GoldenStore, name: string, rows: Iterable<MetricsRow>, layout: RowsLayout = GOLDEN_LAYOUT): Promise<GoldenUpdate> {
  const writer = new GoldenDraftWriter(await store.draft(name));
  try {
    for (const row of rows) writer.push(row);
  } catch (error) {
    writer.draft.discard();
    throw error;
  }
  return planDraftedUpdate(store, writer.draft, layout);
}

/** Lines compared between two awaits of a plan's `pause`: a golden file at the step limit is a million lines, seconds of reading. */
export const PLAN_PAUSE_LINES = 4096;

/**
 * Plans the update of one golden file to its draft, without putting it in place. An
 * existing file must parse (a GoldenFileError otherwise, and the draft is discarded), so a
 * corrupt golden file stops the update before anything is written. Steps are compared as
 * lines of the two files, read side by side, the way the file will change; an unchanged
 * file's draft is discarded at once. `pause` is awaited every PLAN_PAUSE_LINES lines:
 * what it throws (a stop by a signal) ends the plan, the draft discarded.
 */
export async function planDraftedUpdate(store: GoldenStore, draft: GoldenDraft, layout: RowsLayout = GOLDEN_LAYOUT, pause?: () => Promise<void>): Promise<GoldenUpdate> {
  const name = draft.name;
  try {
    draft.close();
    const existing = await store.lines(name);
    if (existing === undefined) return { kind: "new", name, draft };
    let stepsDiffering: number;
    try {
      // Every line of the file is read through the rows reader, so a corrupt line anywhere stops the update.
      stepsDiffering = await countDifferingLines(metricsLinesOf(existing, store.pathOf(name), layout), draft.lines(), pause);
    } catch (error) {
      // A file whose first row is off: written at another metrics_every than the scenario's now, so replaced whole.
      if (!(error instanceof GoldenFileError && error.line === 1 && /^expected step/.test(error.reason))) throw error;
      stepsDiffering = await countDifferingLines(((await store.lines(name)) ?? []) as Iterable<Line>, draft.lines(), pause);
    }
    // Equal lines and equal sizes are equal bytes: the lines are read without their line ends, which a "\r" before a "\n" would change.
    if (stepsDiffering === 0 && (await store.bytes(name)) === draft.bytes) {
      draft.discard();
      return { kind: "unchanged", name };
    }
    return { kind: "changed", name, draft, stepsDiffering };
  } catch (error) {
    draft.discard();
    throw error;
  }
}

/** How many lines differ between two files read side by side, a line present in one only included; `pause` is awaited every PLAN_PAUSE_LINES lines. */
async function countDifferingLines(oldLines: Iterable<{ readonly text: string }>, newLines: Iterable<Line>, pause?: () => Promise<void>): Promise<number> {
  const next = newLines[Symbol.iterator]();
  let differing = 0;
  let count = 0;
  try {
    for (const old of oldLines) {
      const line = next.next();
      if (line.done === true || line.value.text !== old.text) differing++;
      if (++count % PLAN_PAUSE_LINES === 0 && pause !== undefined) await pause();
    }
    for (let line = next.next(); line.done !== true; line = next.next()) {
      differing++;
      if (++count % PLAN_PAUSE_LINES === 0 && pause !== undefined) await pause();
    }
  } finally {
    // Closes the new file when the old one stopped the count (a corrupt line).
    next.return?.();
  }
  return differing;
}

/** A planned update in words, as `sim check --update` and the vitest matcher report it. */
export function describeUpdate(update: GoldenUpdate): string {
  switch (update.kind) {
    case "new":
      return "new";
    case "unchanged":
      return "unchanged";
    case "changed":
      return `changed: ${update.stepsDiffering} ${update.stepsDiffering === 1 ? "step differs" : "steps differ"}`;
  }
}

/** Puts a planned update's draft in the file's place; an unchanged file is not touched. */
export function applyGoldenUpdate(update: GoldenUpdate): void {
  if (update.kind !== "unchanged") update.draft.commit();
}

/** Drops a planned update that will not be applied (the check was stopped, or failed): the file keeps its bytes and no draft is left. */
export function discardGoldenUpdate(update: GoldenUpdate): void {
  if (update.kind !== "unchanged") update.draft.discard();
}

/** Golden files that no checked scenario owns: names present in the store but not in `owned`. */
export async function findOrphanGoldens(store: GoldenStore, owned: Iterable<string>): Promise<string[]> {
  const ownedNames = new Set(owned);
  return (await store.list()).filter((name) => !ownedNames.has(name));
}
