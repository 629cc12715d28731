import { type Killer, type Mutant, killerKey } from "./mutant.ts";
import type { KillerOutcome } from "./mutantStatus.ts";
import { runPool } from "./pool.ts";
import type { Lanes } from "./lanes.ts";
import { runKiller } from "./runKiller.ts";

/** How long a killer may run on the unmutated code before it counts as hung. */
export const CONFIRM_TIMEOUT_MS = 300_000;

export interface KillerBaseline {
  readonly killer: Killer;
  /** The mutants that name this killer, in catalog order. */
  readonly mutantIds: readonly string[];
  readonly outcome: KillerOutcome;
}

/**
 * Phase 3: runs every distinct killer of the selected mutants once on the pristine copy.
 * A killer that does not pass there proves nothing about a mutant, so the command stops
 * when any baseline is not `passed`. The killers run in the lanes the mutants use next
 * (unmutated still), which warms each lane's vitest for them.
 */
export async function confirmKillers(
  lanes: Lanes,
  mutants: readonly Mutant[],
  options: { jobs: number; signal: AbortSignal; monotonicMs: () => number },
): Promise<KillerBaseline[]> {
  const distinct = new Map<string, { killer: Killer; mutantIds: string[] }>();
  for (const mutant of mutants) {
    for (const killer of mutant.killedBy) {
      const key = killerKey(killer);
      const entry = distinct.get(key) ?? { killer, mutantIds: [] };
      if (!entry.mutantIds.includes(mutant.id)) entry.mutantIds.push(mutant.id);
      distinct.set(key, entry);
    }
  }
  const entries = [...distinct.values()];
  const outcomes = await runPool(entries, options.jobs, options.signal, ({ killer }) =>
    lanes.with((lane) => runKiller(lane, killer, { timeoutMs: CONFIRM_TIMEOUT_MS, signal: options.signal, monotonicMs: options.monotonicMs })),
  );
  const baselines: KillerBaseline[] = [];
  entries.forEach((entry, i) => {
    const outcome = outcomes[i];
    if (outcome !== undefined && !outcome.aborted)
      baselines.push({ killer: entry.killer, mutantIds: entry.mutantIds, outcome: { verdict: outcome.verdict, detail: outcome.detail, elapsedMs: outcome.elapsedMs } });
  });
  return baselines;
}
