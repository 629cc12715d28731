import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { formatRows } from "../../format/jsonl.ts";
import type { GoldenStore } from "./goldenStore.ts";
import { parseMetricsText, type RowsLayout } from "../../format/metricsRows.ts";
import { GoldenFileError } from "../../format/goldenFileError.ts";
import { GOLDEN_LAYOUT } from "./goldenLayout.ts";

/** What `sim check --update` would do to one golden file. */
export type GoldenUpdate =
  | { readonly kind: "new"; readonly name: string; readonly contents: string }
  | { readonly kind: "unchanged"; readonly name: string }
  | { readonly kind: "changed"; readonly name: string; readonly contents: string; readonly stepsDiffering: number };

/**
 * Plans the update of one golden file without writing it. An existing file must parse
 * (a GoldenFileError otherwise), so a corrupt golden file stops the update before
 * anything is written. Steps are compared as bytes, the way the file will change.
 */
export async function planGoldenUpdate(store: GoldenStore, name: string, rows: readonly MetricsRow[], layout: RowsLayout = GOLDEN_LAYOUT): Promise<GoldenUpdate> {
  const contents = formatRows(rows);
  const existing = await store.read(name);
  if (existing === undefined) return { kind: "new", name, contents };
  try {
    parseMetricsText(existing, store.pathOf(name), layout);
  } catch (error) {
    // A file whose first row is off: written at another metrics_every than the scenario's now, so replaced whole.
    if (!(error instanceof GoldenFileError && error.line === 1 && /^expected step/.test(error.reason))) throw error;
  }
  const oldLines = existing.replace(/\r\n/g, "\n").split("\n");
  const newLines = contents.split("\n");
  let stepsDiffering = 0;
  // Both texts end in "\n", so their last element is "" and is not a step.
  for (let i = 0; i < Math.max(oldLines.length, newLines.length) - 1; i++) {
    if (oldLines[i] !== newLines[i]) stepsDiffering++;
  }
  if (stepsDiffering === 0 && existing === contents) return { kind: "unchanged", name };
  return { kind: "changed", name, contents, stepsDiffering };
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

/** Writes a planned update; an unchanged file is not touched. */
export async function applyGoldenUpdate(store: GoldenStore, update: GoldenUpdate): Promise<void> {
  if (update.kind === "unchanged") return;
  await store.write(update.name, update.contents);
}

/** Golden files that no checked scenario owns: names present in the store but not in `owned`. */
export async function findOrphanGoldens(store: GoldenStore, owned: Iterable<string>): Promise<string[]> {
  const ownedNames = new Set(owned);
  return (await store.list()).filter((name) => !ownedNames.has(name));
}
