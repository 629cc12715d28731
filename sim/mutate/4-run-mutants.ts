import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type KillerBaseline } from "./3-confirm-killers.ts";
import { TYPE_CHECK_TIMEOUT_MS } from "./2-prepare-workspace.ts";
import { applyEdit, describeFindMismatch } from "./countOccurrences.ts";
import { decideStatus, decidesMutant, type KillerStep } from "./decideStatus.ts";
import { type Mutant, killerKey, killerLabel } from "./mutant.ts";
import type { MutantResult } from "./mutantStatus.ts";
import { runPool } from "./pool.ts";
import { runKiller } from "./runKiller.ts";
import { newDiagnostics, typeCheck } from "./typeCheck.ts";
import type { Workspace } from "./workspace.ts";

/**
 * A mutant's killer may take this many times its unmutated run before it counts as hung
 * (a mutant can turn a loop infinite), and never less than the floor: a loaded CI
 * machine is slower than the baseline run.
 */
export const TIMEOUT_FACTOR = 5;
export const TIMEOUT_FLOOR_MS = 60_000;

export interface RunMutantsOptions {
  readonly jobs: number;
  readonly signal: AbortSignal;
  readonly monotonicMs: () => number;
  readonly baselineDiagnostics: readonly string[];
  readonly baselines: readonly KillerBaseline[];
  /** Called as each mutant finishes, for progress lines. */
  readonly onResult?: (result: MutantResult) => void;
}

/**
 * Phase 4: each mutant in a copy of the pristine snapshot of its own, in parallel: apply
 * the edit, type-check, run the killers in catalog order until one decides. The copy is
 * removed as soon as the mutant is done. Returns the results in catalog order, without
 * the mutants an interrupt kept from starting.
 */
export async function runMutants(workspace: Workspace, mutants: readonly Mutant[], options: RunMutantsOptions): Promise<MutantResult[]> {
  const baselineMs = new Map(options.baselines.map((b) => [killerKey(b.killer), b.outcome.elapsedMs]));
  const results = await runPool(mutants, options.jobs, options.signal, async (mutant) => {
    const result = await runMutant(workspace, mutant, options, baselineMs);
    if (result !== undefined) options.onResult?.(result);
    return result;
  });
  return results.filter((r): r is MutantResult => r !== undefined);
}

async function runMutant(workspace: Workspace, mutant: Mutant, options: RunMutantsOptions, baselineMs: ReadonlyMap<string, number>): Promise<MutantResult | undefined> {
  const started = options.monotonicMs();
  const elapsed = (): number => options.monotonicMs() - started;
  const dir = workspace.copyFor(mutant.id);
  try {
    const path = join(dir, mutant.file);
    const edit = applyEdit(readFileSync(path, "utf8"), mutant.find, mutant.replace);
    if (!edit.ok) return { id: mutant.id, status: "error", detail: describeFindMismatch(mutant.file, edit.occurrences), elapsedMs: elapsed() };
    writeFileSync(path, edit.text);

    const check = await typeCheck(dir, { timeoutMs: TYPE_CHECK_TIMEOUT_MS, signal: options.signal, monotonicMs: options.monotonicMs });
    if (check.aborted) return undefined;
    if (check.timedOut) return { id: mutant.id, status: "error", killer: "tsc", detail: "the type check timed out", elapsedMs: elapsed() };
    const introduced = newDiagnostics(check.diagnostics, options.baselineDiagnostics);
    if (introduced.length > 0) return { id: mutant.id, status: "unviable", killer: "tsc", detail: introduced[0] as string, elapsedMs: elapsed() };

    const steps: KillerStep[] = [];
    for (const killer of mutant.killedBy) {
      const timeoutMs = Math.max(TIMEOUT_FLOOR_MS, TIMEOUT_FACTOR * (baselineMs.get(killerKey(killer)) ?? TIMEOUT_FLOOR_MS));
      const run = await runKiller(dir, killer, { timeoutMs, signal: options.signal, monotonicMs: options.monotonicMs });
      if (run.aborted) return undefined;
      steps.push({ label: killerLabel(killer), outcome: run });
      if (decidesMutant(run)) break;
    }
    return { id: mutant.id, ...decideStatus(steps), elapsedMs: elapsed() };
  } finally {
    workspace.remove(dir);
  }
}
