import type { WipeMode } from "../../../src/config/modelConfig.ts";
import type { LedgerAccessTrace } from "./ledgerAccessTrace.ts";
import { optimalFalseEvictions } from "./optimalFalseEvictions.ts";
import { replayLedger, type LedgerReplayCounts } from "./replayLedger.ts";
import { smallestZeroFalseLruCapacity, smallestZeroFalseStaleThreshold } from "./zeroFalseEvictionSettings.ts";

export interface LedgerReplayGridOptions {
  readonly capacities: readonly number[];
  readonly staleThresholds: readonly number[];
  readonly wipeModes: readonly WipeMode[];
  readonly wipeIntervals: readonly number[];
  readonly recentlyEvictedCapacity: number;
}

export interface LedgerReplayRow extends LedgerReplayCounts {
  readonly capacity: number;
  readonly wipeMode: WipeMode;
  readonly wipeIntervalSteps: number;
  /** Undefined unless the wipe mode is `periodic_stale` (the only mode that reads it). */
  readonly staleThresholdSteps: number | undefined;
  /** The clairvoyant bound at this capacity and clearing schedule. */
  readonly optFalseEvictions: number;
}

/** The smallest zero-false-eviction settings, one entry per setting they were searched at. */
export interface LedgerReplayMinima {
  readonly capacityForZeroFalseLru: readonly { wipeMode: WipeMode; wipeIntervalSteps: number; staleThresholdSteps: number | undefined; capacity: number }[];
  readonly staleThresholdForZeroFalseStale: readonly { capacity: number; wipeIntervalSteps: number; staleThresholdSteps: number }[];
}

export interface LedgerReplayReport {
  readonly rows: readonly LedgerReplayRow[];
  readonly minima: LedgerReplayMinima;
}

/** Replays every combination (settings that a mode ignores are not varied) and searches the minima. */
export function ledgerReplayGrid(trace: LedgerAccessTrace, options: LedgerReplayGridOptions): LedgerReplayReport {
  const rows: LedgerReplayRow[] = [];
  const lruMinima: LedgerReplayMinima["capacityForZeroFalseLru"][number][] = [];
  const staleMinima: LedgerReplayMinima["staleThresholdForZeroFalseStale"][number][] = [];
  const ring = options.recentlyEvictedCapacity;
  for (const wipeMode of options.wipeModes) {
    const intervals = wipeMode === "none" ? [1] : options.wipeIntervals;
    const thresholds = wipeMode === "periodic_stale" ? options.staleThresholds : [undefined];
    for (const wipeIntervalSteps of intervals) {
      // OPT depends on the capacity and the clearing, not on the stale threshold: once per capacity here.
      const optFalseEvictions = options.capacities.map((capacity) => optimalFalseEvictions(trace, capacity, { wipeMode, wipeIntervalSteps }));
      for (const staleThresholdSteps of thresholds) {
        const base = { wipeMode, wipeIntervalSteps, staleThresholdSteps: staleThresholdSteps ?? 0, recentlyEvictedCapacity: ring };
        options.capacities.forEach((capacity, i) => {
          rows.push({
            capacity,
            wipeMode,
            wipeIntervalSteps,
            staleThresholdSteps,
            ...replayLedger(trace, { ...base, capacity }),
            optFalseEvictions: optFalseEvictions[i] as number,
          });
        });
        lruMinima.push({ wipeMode, wipeIntervalSteps, staleThresholdSteps, capacity: smallestZeroFalseLruCapacity(trace, base) });
      }
      if (wipeMode === "periodic_stale") {
        for (const capacity of options.capacities) {
          const threshold = smallestZeroFalseStaleThreshold(trace, { capacity, wipeIntervalSteps, recentlyEvictedCapacity: ring });
          staleMinima.push({ capacity, wipeIntervalSteps, staleThresholdSteps: threshold });
        }
      }
    }
  }
  return { rows, minima: { capacityForZeroFalseLru: lruMinima, staleThresholdForZeroFalseStale: staleMinima } };
}
