import { type KillerBaseline } from "./3-confirm-killers.ts";
import { applyEdit, describeFindMismatch } from "./countOccurrences.ts";
import { decideStatus, decidesMutant, type KillerStep } from "./decideStatus.ts";
import type { Lane, Lanes } from "./lanes.ts";
import { type Mutant, killerKey, killerLabel } from "./mutant.ts";
import type { MutantResult } from "./mutantStatus.ts";
import { runPool } from "./pool.ts";
import { runKiller } from "./runKiller.ts";
import type { MutantTypeChecker } from "./typeCheck.ts";

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
  readonly baselines: readonly KillerBaseline[];
  readonly typeChecker: MutantTypeChecker;
  /** Called as each mutant finishes, for progress lines. */
  readonly onResult?: (result: MutantResult) => void;
}

/**
 * Phase 4: the mutants in parallel, one per lane at a time: type-check the edit against
 * the long-lived TypeScript program (unviable for an error the unmutated code lacks), write it into the lane's copy, run the killers in
 * catalog order until one decides, and put the file back. Returns the results in catalog
 * order, without the mutants an interrupt kept from starting.
 */
export async function runMutants(lanes: Lanes, mutants: readonly Mutant[], options: RunMutantsOptions): Promise<MutantResult[]> {
  const baselineMs = new Map(options.baselines.map((b) => [killerKey(b.killer), b.outcome.elapsedMs]));
  const results = await runPool(mutants, options.jobs, options.signal, async (mutant) => {
    const result = await lanes.with((lane) => runMutant(lane, mutant, options, baselineMs));
    if (result !== undefined) options.onResult?.(result);
    return result;
  });
  return results.filter((r): r is MutantResult => r !== undefined);
}

async function runMutant(lane: Lane, mutant: Mutant, options: RunMutantsOptions, baselineMs: ReadonlyMap<string, number>): Promise<MutantResult | undefined> {
  const started = options.monotonicMs();
  const elapsed = (): number => options.monotonicMs() - started;
  const original = lane.read(mutant.file);
  const edit = applyEdit(original, mutant.find, mutant.replace);
  if (!edit.ok) return { id: mutant.id, status: "error", detail: describeFindMismatch(mutant.file, edit.occurrences), elapsedMs: elapsed() };

  const check = options.typeChecker.check(new Map([[mutant.file, edit.text]]), options.monotonicMs);
  if (options.signal.aborted) return undefined;
  const introduced = check.diagnostics[0];
  if (introduced !== undefined) return { id: mutant.id, status: "unviable", killer: "tsc", detail: introduced, elapsedMs: elapsed() };

  lane.write(mutant.file, edit.text);
  try {
    const steps: KillerStep[] = [];
    for (const killer of mutant.killedBy) {
      const timeoutMs = Math.max(TIMEOUT_FLOOR_MS, TIMEOUT_FACTOR * (baselineMs.get(killerKey(killer)) ?? TIMEOUT_FLOOR_MS));
      const run = await runKiller(lane, killer, { timeoutMs, signal: options.signal, monotonicMs: options.monotonicMs });
      if (run.aborted) return undefined;
      steps.push({ label: killerLabel(killer), outcome: run });
      if (decidesMutant(run)) break;
    }
    return { id: mutant.id, ...decideStatus(steps), elapsedMs: elapsed() };
  } finally {
    // The lane serves the next mutant: it must hold the pristine text again.
    lane.write(mutant.file, original);
  }
}
