import type { LedgerConfig, WipeMode } from "../config/modelConfig.ts";

/** How a ledger behaves, in the ledger's own terms (units last). */
export interface LedgerSettings {
  readonly capacity: number;
  readonly wipeMode: WipeMode;
  readonly wipeIntervalSteps: number;
  readonly staleThresholdSteps: number;
  readonly recentlyEvictedCapacity: number;
}

/**
 * The settings of a config's ledger table, with the defaults of its two optional keys: a
 * wipe interval of 1 step (read only by a periodic mode) and a stale threshold of 0 (read
 * only by periodic_stale). The engine, the trace header and the ledger replay all take
 * their settings from here, so that the defaults live in one place.
 */
export function ledgerSettingsOf(ledger: LedgerConfig): LedgerSettings {
  return {
    capacity: ledger.capacity,
    wipeMode: ledger.wipe_mode,
    wipeIntervalSteps: ledger.wipe_interval ?? 1,
    staleThresholdSteps: ledger.stale_threshold ?? 0,
    recentlyEvictedCapacity: ledger.recently_evicted_capacity,
  };
}
