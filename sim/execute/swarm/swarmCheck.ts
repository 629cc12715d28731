/**
 * The checks every swarm run must pass, in the order they run. Each is named in failure
 * reports and in the reproduce line (`--check <name>`), and described in docs/swarm.md.
 */
export const SWARM_CHECKS = ["invariants", "run-twice", "fused-drain", "exact-resume", "ledger-replay"] as const;
export type SwarmCheckName = (typeof SWARM_CHECKS)[number];

/** A failed check: which one, and the sentence that says what differed or broke, and where. */
export interface SwarmCheckFailure {
  readonly check: SwarmCheckName;
  readonly message: string;
}
