/**
 * The four outcomes of a mutant, kept apart because hand-rolled harnesses are known to
 * miscount them:
 * - `killed`: a named killer failed (an assertion, a golden mismatch, a failed expectation);
 * - `survived`: every killer ran its tests and passed;
 * - `unviable`: the mutated code does not type-check or a test file does not load: not a kill;
 * - `error`: a killer ran no test at all, timed out or could not run: neither a kill nor a survival.
 */
export type MutantStatus = "killed" | "survived" | "unviable" | "error";

export const MUTANT_STATUSES: readonly MutantStatus[] = ["killed", "survived", "unviable", "error"];

/** What one killer run says about the code it ran on. */
export type KillerVerdict =
  /** Tests ran and all passed (or the scenario check passed). */
  | "passed"
  /** At least one test failed, or the scenario check failed (exit 1). */
  | "failed"
  /** A test file failed to load: the code under test does not import. */
  | "loadFailed"
  /** Proves nothing: no test ran (a filter matched nothing), the run crashed or timed out. */
  | "inconclusive";

export interface KillerOutcome {
  readonly verdict: KillerVerdict;
  /** One line on why, for the table's detail column (the first failing test, the exit code). */
  readonly detail: string;
  readonly elapsedMs: number;
}

/** The record of one mutant, as data; the command formats it. */
export interface MutantResult {
  readonly id: string;
  readonly status: MutantStatus;
  /** The killer that decided the status (the one that killed it, or errored); absent when none did. */
  readonly killer?: string;
  /** Why, in one line. */
  readonly detail: string;
  readonly elapsedMs: number;
}
