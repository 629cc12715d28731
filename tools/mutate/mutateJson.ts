import type { KillerBaseline } from "./3-confirm-killers.ts";
import { killerLabel } from "./mutant.ts";
import type { MutantResult } from "./mutantStatus.ts";

export const MUTATE_JSON_FORMAT = "sim-mutate-report";
export const MUTATE_JSON_FORMAT_VERSION = 1;

/**
 * `sim mutate --reporter json`: `{ format: "sim-mutate-report", format_version: 1,
 * passed, mutants: [{ id, status: "killed" | "survived" | "unviable" | "error", killer,
 * detail, elapsed_ms }], failing_killers: [] }`; `passed` only when every mutant is killed,
 * as the exit code says.
 */
export function formatMutateJson(results: readonly MutantResult[], selected: number): string {
  const mutants = results.map((r) => ({ id: r.id, status: r.status, killer: r.killer ?? null, detail: r.detail, elapsed_ms: Math.round(r.elapsedMs) }));
  const passed = results.length === selected && results.every((r) => r.status === "killed");
  return `${JSON.stringify({ format: MUTATE_JSON_FORMAT, format_version: MUTATE_JSON_FORMAT_VERSION, passed, mutants, failing_killers: [] }, null, 2)}\n`;
}

/** Phase 3's stop as JSON: no mutant ran; each killer that does not pass on the unmutated code. */
export function formatFailingKillersJson(failing: readonly KillerBaseline[]): string {
  const failingKillers = failing.map((b) => ({ killer: killerLabel(b.killer), verdict: b.outcome.verdict, detail: b.outcome.detail, named_by: b.mutantIds }));
  return `${JSON.stringify({ format: MUTATE_JSON_FORMAT, format_version: MUTATE_JSON_FORMAT_VERSION, passed: false, mutants: [], failing_killers: failingKillers }, null, 2)}\n`;
}
