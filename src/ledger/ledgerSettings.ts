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
 * The defaults of a ledger table's two optional keys: a wipe interval of 1 step (read
 * only by a periodic mode) and a stale threshold of 0 (read only by periodic_stale).
 * The scenario loader's defaults take the interval from here.
 */
export const LEDGER_SETTING_DEFAULTS = { wipeIntervalSteps: 1, staleThresholdSteps: 0 } as const;

/**
 * The settings of a config's ledger table, with LEDGER_SETTING_DEFAULTS for its two
 * optional keys. The engine, the trace header and the ledger replay all take
 * their settings from here, so that the defaults live in one place.
 */
export function ledgerSettingsOf(ledger: LedgerConfig): LedgerSettings {
  return {
    capacity: ledger.capacity,
    wipeMode: ledger.wipe_mode,
    wipeIntervalSteps: ledger.wipe_interval ?? LEDGER_SETTING_DEFAULTS.wipeIntervalSteps,
    staleThresholdSteps: ledger.stale_threshold ?? LEDGER_SETTING_DEFAULTS.staleThresholdSteps,
    recentlyEvictedCapacity: ledger.recently_evicted_capacity,
  };
}
