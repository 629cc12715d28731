import type { RowsLayout } from "../../format/metricsRows.ts";

/** A golden file's rows: one a step from step 1; an empty one is regenerated, never compared. */
export const GOLDEN_LAYOUT: RowsLayout = { whenEmpty: " (truncated?); regenerate it with `sim check --update`" };

/**
 * The golden file of a scenario with `[run] metrics_every = N`: the rows of the multiples
 * of N and of the last step, as its run writes them. A golden file written at another N
 * is refused at its first row (exit 2), never compared value by value.
 */
export function goldenLayoutOf(scenario: { readonly metricsEvery: number; readonly steps: number }): RowsLayout {
  return scenario.metricsEvery === 1 ? GOLDEN_LAYOUT : { ...GOLDEN_LAYOUT, every: scenario.metricsEvery, lastStep: scenario.steps, lastStepFrom: "scenario" };
}
