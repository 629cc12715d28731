import { patternFieldOf } from "../../input/scenario/expectationPattern.ts";
import type { ExpectationResult } from "./expectationResult.ts";

/**
 * One line for an expectation result, e.g.
 * `max of ledger/false_evictions/lru over steps 1..200 (200 steps) = 3, expected <= 0`.
 */
export function formatExpectationResult(result: ExpectationResult): string {
  const { expectation: e, detail } = result;
  const metric = e.minus === undefined ? e.metric : `${e.metric} minus ${e.minus}`;
  const combined = e.combine !== undefined && patternFieldOf(e) !== undefined ? ` (${e.combine} per step)` : "";
  const where = `${e.stat} of ${metric}${combined} over steps ${detail.window[0]}..${detail.window[1]}`;
  const wanted = `expected ${e.op} ${e.value}`;
  if (result.reason === "never emitted") return `${where}: ${detail.missing ?? e.metric} never emitted in the window, ${wanted}`;
  if (result.reason === "never nonzero") return `${where} (${detail.stepsWithValue} steps): no non-zero value in the window, ${wanted}`;
  return `${where} (${detail.stepsWithValue} steps) = ${result.actual}, ${wanted}`;
}
