import { describe, expect, it } from "vitest";
import { ledgerAccessTraceOf, type LedgerAccessTrace } from "../../../../sim/execute/ledgerReplay/ledgerAccessTrace.ts";
import { ledgerReplayGrid } from "../../../../sim/execute/ledgerReplay/ledgerReplayGrid.ts";
import { optimalFalseEvictions } from "../../../../sim/execute/ledgerReplay/optimalFalseEvictions.ts";
import { replayLedger } from "../../../../sim/execute/ledgerReplay/replayLedger.ts";
import { smallestZeroFalseLruCapacity, smallestZeroFalseStaleThreshold } from "../../../../sim/execute/ledgerReplay/zeroFalseEvictionSettings.ts";
import type { TraceHeader } from "../../../../sim/input/trace/traceHeader.ts";
import { FIXTURE_NAMES } from "../run/fixtureScenarios.ts";
import { ledgerSettingsOf, type LedgerSettings } from "../../../../src/ledger/ledgerSettings.ts";
import { sumOf, tracedRun } from "../../input/trace/traceHelpers.ts";

function ownSettings(header: TraceHeader): LedgerSettings {
  return ledgerSettingsOf(header.ledger);
}

describe("ledger replay of a harness trace", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: at the run's own settings it reproduces the run's ledger counters exactly`, async () => {
      const { trace, rows } = await tracedRun(name);
      const counts = replayLedger(ledgerAccessTraceOf(trace), ownSettings(trace.header!));
      expect(counts.evictionsLru).toBe(sumOf(rows, "ledger/evictions/lru"));
      expect(counts.evictionsStale).toBe(sumOf(rows, "ledger/evictions/stale"));
      expect(counts.falseEvictionsLru).toBe(sumOf(rows, "ledger/false_evictions/lru"));
      expect(counts.falseEvictionsStale).toBe(sumOf(rows, "ledger/false_evictions/stale"));
      expect(counts.wipeCount).toBe(rows[rows.length - 1]?.["ledger_wipe_count"]);
      expect(counts.evictionsLru + counts.evictionsStale).toBeGreaterThan(0);
    });

    it(`${name}: the smallest zero-false-LRU capacity gives zero, one less does not`, async () => {
      const { trace } = await tracedRun(name);
      const access = ledgerAccessTraceOf(trace);
      const settings = ownSettings(trace.header!);
      const c = smallestZeroFalseLruCapacity(access, settings);
      expect(replayLedger(access, { ...settings, capacity: c }).falseEvictionsLru).toBe(0);
      if (c > 1) expect(replayLedger(access, { ...settings, capacity: c - 1 }).falseEvictionsLru).toBeGreaterThan(0);
    });

    it(`${name}: the OPT bound is never above LRU's false evictions`, async () => {
      const { trace } = await tracedRun(name);
      const access = ledgerAccessTraceOf(trace);
      const settings = ownSettings(trace.header!);
      for (const capacity of [1, 2, 3, 4, 6, 8, 12]) {
        const lru = replayLedger(access, { ...settings, capacity, recentlyEvictedCapacity: 1 << 20 });
        const opt = optimalFalseEvictions(access, capacity, settings);
        expect(opt).toBeLessThanOrEqual(lru.falseEvictionsLru + lru.falseEvictionsStale);
      }
    });
  }

  it("the stale fixture has false stale evictions, and the smallest zero threshold is tight", async () => {
    const { trace } = await tracedRun("nested_modality_resume");
    const access = ledgerAccessTraceOf(trace);
    const settings = ownSettings(trace.header!);
    expect(replayLedger(access, settings).falseEvictionsStale).toBeGreaterThan(0);
    const t = smallestZeroFalseStaleThreshold(access, settings);
    expect(t).toBeGreaterThan(settings.staleThresholdSteps);
    expect(replayLedger(access, { ...settings, staleThresholdSteps: t }).falseEvictionsStale).toBe(0);
    expect(replayLedger(access, { ...settings, staleThresholdSteps: t - 1 }).falseEvictionsStale).toBeGreaterThan(0);
  });
});

describe("the OPT bound on hand-made traces", () => {
  const trace = (gids: number[], extra: Partial<LedgerAccessTrace> = {}): LedgerAccessTrace => ({
    worldSize: 1,
    lastStep: gids.length,
    stores: gids.map((gid, i) => ({ step: i + 1, rank: 0, gid })),
    resumeSteps: [],
    ...extra,
  });
  const none = { wipeMode: "none" as const, wipeIntervalSteps: 1 };

  it("a cyclic pattern: LRU misses every re-store, OPT keeps capacity-1 of them", () => {
    const cyclic = trace([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    const lru = replayLedger(cyclic, { capacity: 2, wipeMode: "none", wipeIntervalSteps: 1, staleThresholdSteps: 0, recentlyEvictedCapacity: 100 });
    expect(lru.falseEvictionsLru).toBe(6);
    // Belady with 2 slots on 1 2 3 1 2 3 1 2 3: misses at 3, 2, 1, 3 among re-stores.
    expect(optimalFalseEvictions(cyclic, 2, none)).toBe(3);
    expect(optimalFalseEvictions(cyclic, 3, none)).toBe(0);
  });

  it("a resume and a full wipe clear the ledger: the next store is not false", () => {
    const t = trace([1, 2, 1, 2, 1]);
    expect(optimalFalseEvictions(t, 1, none)).toBe(3);
    // Clearing at step 3 leaves [1 2] and [1 2 1]: only the last store is a re-store.
    expect(optimalFalseEvictions({ ...t, resumeSteps: [3] }, 1, none)).toBe(1);
    expect(optimalFalseEvictions(t, 1, { wipeMode: "periodic_full", wipeIntervalSteps: 3 })).toBe(1);
  });

  it("the grid reports one row per combination and varies only what a mode reads", () => {
    const t = trace([1, 2, 3, 1, 2, 3]);
    const report = ledgerReplayGrid(t, { capacities: [1, 2, 3], staleThresholds: [0, 2], wipeModes: ["none", "periodic_stale"], wipeIntervals: [1], recentlyEvictedCapacity: 16 });
    expect(report.rows).toHaveLength(3 + 3 * 2);
    // A sweep every step with threshold 0 empties the ledger before LRU ever has to evict.
    expect(report.minima.capacityForZeroFalseLru.map((m) => m.capacity)).toEqual([3, 1, 3]);
    expect(report.minima.staleThresholdForZeroFalseStale.map((m) => m.staleThresholdSteps)).toEqual([1, 2, 3]);
  });
});
