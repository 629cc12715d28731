import type { KillerOutcome, MutantStatus } from "./mutantStatus.ts";

export interface KillerStep {
  readonly label: string;
  readonly outcome: KillerOutcome;
}

/** Whether the mutant's remaining killers still need to run after this outcome. */
export function decidesMutant(outcome: KillerOutcome): boolean {
  return outcome.verdict === "failed" || outcome.verdict === "loadFailed";
}

/**
 * A mutant's status from its killers' outcomes, in the order they ran. The first failing
 * killer kills it. A test file that does not load makes it unviable (nothing was tested,
 * but not because of the catalog). A killer that proved nothing (no test ran, a timeout,
 * bad input) makes it an error unless a later killer killed it. Only when every killer
 * ran tests and passed did it survive.
 */
export function decideStatus(steps: readonly KillerStep[]): { status: MutantStatus; killer?: string; detail: string } {
  const decisive = steps.find((step) => decidesMutant(step.outcome));
  if (decisive !== undefined) {
    const status: MutantStatus = decisive.outcome.verdict === "failed" ? "killed" : "unviable";
    return { status, killer: decisive.label, detail: decisive.outcome.detail };
  }
  const inconclusive = steps.find((step) => step.outcome.verdict === "inconclusive");
  if (inconclusive !== undefined) return { status: "error", killer: inconclusive.label, detail: inconclusive.outcome.detail };
  if (steps.length === 0) return { status: "error", detail: "no killer ran" };
  return { status: "survived", detail: `every killer passed (${steps.map((s) => s.outcome.detail).join("; ")})` };
}
