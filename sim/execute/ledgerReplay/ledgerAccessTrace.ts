import type { ParsedTrace } from "../../input/trace/parseTrace.ts";

/** One `_store_state` call routed to its owner rank's ledger. */
export interface StoreAccess {
  readonly step: number;
  /** The owner rank: the ledger the store goes to. */
  readonly rank: number;
  readonly gid: number;
}

/**
 * What the ledger saw during a run, and nothing else: the stores in call order, the
 * steps at which a modeled resume replaced every ledger with an empty one, the number
 * of ledgers and the last step (wipes happen at every step, stores or not).
 */
export interface LedgerAccessTrace {
  readonly worldSize: number;
  readonly lastStep: number;
  readonly stores: readonly StoreAccess[];
  readonly resumeSteps: readonly number[];
}

/**
 * Extracts the ledger's accesses from a parsed trace. A harness trace gives the world
 * size and step count in its header; a minimal trace implies them (largest rank + 1,
 * largest step).
 */
export function ledgerAccessTraceOf(trace: ParsedTrace): LedgerAccessTrace {
  const stores: StoreAccess[] = [];
  const resumeSteps: number[] = [];
  let maxRank = -1;
  let maxStep = 0;
  for (const event of trace.events) {
    if (event.step > maxStep) maxStep = event.step;
    if (event.kind === "store") {
      stores.push({ step: event.step, rank: event.rank, gid: event.gid });
      if (event.rank > maxRank) maxRank = event.rank;
    } else if (event.kind === "resume") {
      // A harness trace has one resume event per rank; the ledgers restart once.
      if (resumeSteps[resumeSteps.length - 1] !== event.step) resumeSteps.push(event.step);
    }
  }
  const header = trace.header;
  return {
    worldSize: header?.world_size ?? maxRank + 1,
    lastStep: header ? Math.max(header.steps, maxStep) : maxStep,
    stores,
    resumeSteps,
  };
}
