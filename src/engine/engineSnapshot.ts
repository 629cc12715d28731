import type { LedgerSnapshot } from "../ledger/groupStateLedger.ts";
import type { DatasetSnapshot } from "../streamMixing/dataset.ts";

/** The engine's whole state between two steps: every rank's dataset and ledger. */
export interface EngineSnapshot {
  /** The last completed step; the next step to run is `step + 1`. */
  readonly step: number;
  readonly datasets: readonly DatasetSnapshot[];
  readonly ledgers: readonly LedgerSnapshot[];
}
