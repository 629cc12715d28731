import type { RowsLayout } from "../../format/metricsRows.ts";

/** A golden file's rows: one a step from step 1; an empty one is regenerated, never compared. */
export const GOLDEN_LAYOUT: RowsLayout = { whenEmpty: " (truncated?); regenerate it with `sim check --update`" };
