import { alignColumns } from "../../sim/format/alignColumns.ts";
import { killerLabel } from "./mutant.ts";
import type { KillerBaseline } from "./3-confirm-killers.ts";
import { MUTANT_STATUSES, type MutantResult } from "./mutantStatus.ts";

/** A duration for the table and progress lines: `12.3 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The table `sim mutate` prints: one row per mutant (id, status, killer, time), then,
 * for every mutant that was not killed, the reason on its own line, so that the table
 * stays readable and the reason is not cut.
 */
export function formatResultTable(results: readonly MutantResult[]): string {
  const header = ["id", "status", "killer", "time"];
  const rows = results.map((r) => [r.id, r.status, r.killer ?? "-", seconds(r.elapsedMs)]);
  const out = alignColumns([header, ...rows], { rightAligned: new Set([header.length - 1]), ruleUnderHeader: true });
  const notKilled = results.filter((r) => r.status !== "killed");
  if (notKilled.length > 0) {
    out.push("", "Not killed:");
    for (const r of notKilled) out.push(`  ${r.id} (${r.status}): ${r.detail}`);
  }
  return `${out.join("\n")}\n`;
}

/** `12 mutants: 12 killed, 0 survived, 0 unviable, 0 error in 93.1 s` */
export function formatSummary(results: readonly MutantResult[], selected: number, elapsedMs: number, interrupted: boolean): string {
  const counts = MUTANT_STATUSES.map((status) => `${results.filter((r) => r.status === status).length} ${status}`);
  const notRun = selected - results.length;
  const tail = interrupted ? `; interrupted, ${notRun} not run` : "";
  return `${selected} mutant${selected === 1 ? "" : "s"}: ${counts.join(", ")} in ${seconds(elapsedMs)}${tail}\n`;
}

/** Phase 3's stop: every killer that does not pass on the unmutated code, with the mutants that name it. */
export function formatFailingKillers(failing: readonly KillerBaseline[]): string {
  const lines = ["sim mutate: stopped before mutating anything: these killers do not pass on the unmutated code, so they prove nothing:"];
  for (const b of failing) {
    const what = b.outcome.verdict === "failed" ? "fails" : b.outcome.verdict === "loadFailed" ? "does not load" : "proves nothing";
    lines.push(`  ${killerLabel(b.killer)} ${what}: ${b.outcome.detail} (named by ${b.mutantIds.join(", ")})`);
  }
  return `${lines.join("\n")}\n`;
}
