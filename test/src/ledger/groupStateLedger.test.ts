import { describe, expect, it } from "vitest";
import { GroupStateLedger, type LedgerOptions } from "../../../src/ledger/groupStateLedger.ts";
import type { TraceEvent } from "../../../src/trace/traceEvent.ts";

function ledger(overrides: Partial<LedgerOptions> = {}): GroupStateLedger {
  return new GroupStateLedger({ rank: 0, capacity: 2, wipeMode: "none", wipeIntervalSteps: 1, staleThresholdSteps: 0, recentlyEvictedCapacity: 3, ...overrides });
}

function counts(drained: Record<string, number>): [number, number, number, number] {
  return [drained["ledger/evictions/lru"], drained["ledger/evictions/stale"], drained["ledger/false_evictions/lru"], drained["ledger/false_evictions/stale"]] as [
    number,
    number,
    number,
    number,
  ];
}

function ring(l: GroupStateLedger): readonly unknown[] {
  return l.toSnapshot().recentlyEvicted;
}

describe("GroupStateLedger (P6)", () => {
  it("LRU eviction then no re-encounter: no false eviction, and the gid stays in the ring until it ages out (test_lru_eviction_then_no_re_encounter)", () => {
    const l = ledger();
    l.storeState(1, 1);
    l.storeState(2, 1);
    l.storeState(3, 1);
    expect(l.has(1)).toBe(false);
    expect(ring(l)).toEqual([[1, "lru"]]);
    l.storeState(4, 2);
    l.storeState(5, 2);
    expect(ring(l)).toEqual([
      [1, "lru"],
      [2, "lru"],
      [3, "lru"],
    ]);
    expect(l.wasRecentlyEvicted(1)).toBe(true);
    // A fourth eviction into a ring of 3 ages the oldest (gid 1) out.
    l.storeState(6, 3);
    expect(l.wasRecentlyEvicted(1)).toBe(false);
    expect(ring(l)).toEqual([
      [2, "lru"],
      [3, "lru"],
      [4, "lru"],
    ]);
    expect(counts(l.drainEvictionMetrics())).toEqual([4, 0, 0, 0]);
    // A gid that aged out of the ring is no longer a false eviction when it comes back.
    l.storeState(1, 4);
    expect(counts(l.drainEvictionMetrics())).toEqual([1, 0, 0, 0]);
  });

  it("LRU eviction then fresh store: one false LRU eviction and the gid leaves the ring (test_lru_eviction_then_fresh_store)", () => {
    const l = ledger();
    l.storeState(1, 1);
    l.storeState(2, 1);
    l.storeState(3, 1);
    expect(l.wasRecentlyEvicted(1)).toBe(true);
    l.storeState(1, 2);
    expect(l.wasRecentlyEvicted(1)).toBe(false);
    expect(l.has(1)).toBe(true);
    // Re-storing 1 pushed the LRU entry (2) out in turn.
    expect(ring(l)).toEqual([[2, "lru"]]);
    expect(counts(l.drainEvictionMetrics())).toEqual([2, 0, 1, 0]);
  });

  it("a store that finds its entry is not fresh and moves it to most recently used", () => {
    const l = ledger();
    l.storeState(1, 1);
    l.storeState(2, 1);
    l.storeState(1, 2);
    l.storeState(3, 2);
    expect(l.has(1)).toBe(true);
    expect(l.has(2)).toBe(false);
    expect(l.lastStepOf(1)).toBe(2);
    expect(counts(l.drainEvictionMetrics())).toEqual([1, 0, 0, 0]);
  });

  it("stale eviction then fresh store: the mirror in STALE mode (test_stale_eviction_then_fresh_store)", () => {
    const l = ledger({ capacity: 10, wipeMode: "periodic_stale", wipeIntervalSteps: 2, staleThresholdSteps: 1 });
    l.storeState(7, 1);
    l.maybeWipe(2);
    expect(l.has(7)).toBe(true);
    l.storeState(8, 2);
    l.maybeWipe(4);
    expect(l.has(7)).toBe(false);
    expect(l.has(8)).toBe(false);
    l.storeState(7, 4);
    expect(l.wasRecentlyEvicted(7)).toBe(false);
    expect(ring(l)).toEqual([[8, "stale"]]);
    expect(counts(l.drainEvictionMetrics())).toEqual([0, 2, 0, 1]);
    expect(l.wipeCount).toBe(2);
  });

  it("sweeps untouched-for-more-than-threshold entries only, recorded LRU to MRU (not in gid order)", () => {
    const l = ledger({ capacity: 10, wipeMode: "periodic_stale", wipeIntervalSteps: 1, staleThresholdSteps: 2, recentlyEvictedCapacity: 10 });
    l.storeState(30, 1);
    l.storeState(10, 1);
    l.storeState(20, 2);
    l.storeState(5, 3);
    l.storeState(30, 3);
    // At step 5: 10 (5-1=4) and 20 (5-2=3) are over 2; 5 and 30 (5-3=2) are not.
    l.maybeWipe(5);
    expect(ring(l)).toEqual([
      [10, "stale"],
      [20, "stale"],
    ]);
    expect(l.toSnapshot().entries).toEqual([
      [5, 3],
      [30, 3],
    ]);
    // A sweep that removes nothing still counts as a wipe.
    l.maybeWipe(5);
    expect(l.wipeCount).toBe(2);
  });

  it("full wipe clears the ledger and the ring; a later fresh store is not false (test_full_wipe_clears_recently_evicted)", () => {
    const l = ledger({ capacity: 1, wipeMode: "periodic_full", wipeIntervalSteps: 3 });
    const snapshot = l.toSnapshot();
    // Seed the ring with an eviction of each mode, as a stale sweep and an LRU overflow would.
    l.restoreSnapshot({
      ...snapshot,
      entries: [[9, 1]],
      recentlyEvicted: [
        [1, "lru"],
        [2, "stale"],
      ],
    });
    l.storeState(3, 2);
    expect(ring(l)).toEqual([
      [1, "lru"],
      [2, "stale"],
      [9, "lru"],
    ]);
    l.maybeWipe(3);
    expect(ring(l)).toEqual([]);
    expect(l.size).toBe(0);
    expect(l.wipeCount).toBe(1);
    l.storeState(1, 3);
    l.storeState(2, 3);
    // No false eviction; storing 2 overflowed capacity 1 and evicted 1 by LRU.
    expect(counts(l.drainEvictionMetrics())).toEqual([2, 0, 0, 0]);
  });

  it("wipes only at steps where step % wipe_interval == 0", () => {
    const l = ledger({ capacity: 5, wipeMode: "periodic_full", wipeIntervalSteps: 3 });
    const wipes: number[] = [];
    for (let step = 1; step <= 7; step++) {
      l.storeState(step, step);
      l.maybeWipe(step + 1);
      wipes.push(l.wipeCount);
    }
    expect(wipes).toEqual([0, 1, 1, 1, 2, 2, 2]);
    const none = ledger({ wipeMode: "none" });
    for (let step = 1; step <= 4; step++) none.maybeWipe(step);
    expect(none.wipeCount).toBe(0);
  });

  it("drainEvictionMetrics returns the four counters and resets them (test_drain_eviction_metrics_resets_counts)", () => {
    const l = ledger({ capacity: 1, wipeMode: "periodic_stale", wipeIntervalSteps: 2, staleThresholdSteps: 0 });
    l.storeState(1, 1);
    l.storeState(2, 1); // LRU evicts 1
    l.storeState(1, 1); // false LRU, evicts 2
    l.maybeWipe(2); // stale sweeps 1
    l.storeState(1, 2); // false stale
    expect(l.drainEvictionMetrics()).toEqual({
      "ledger/evictions/lru": 2,
      "ledger/evictions/stale": 1,
      "ledger/false_evictions/lru": 1,
      "ledger/false_evictions/stale": 1,
    });
    expect(l.drainEvictionMetrics()).toEqual({
      "ledger/evictions/lru": 0,
      "ledger/evictions/stale": 0,
      "ledger/false_evictions/lru": 0,
      "ledger/false_evictions/stale": 0,
    });
    expect(l.wipeCount).toBe(1);
  });
});

describe("the _recently_evicted ring", () => {
  it("ages out its oldest entry at capacity", () => {
    const l = ledger({ capacity: 1, wipeMode: "periodic_stale", wipeIntervalSteps: 1, staleThresholdSteps: 0, recentlyEvictedCapacity: 2 });
    l.storeState(1, 1);
    l.storeState(2, 1); // LRU evicts 1
    l.maybeWipe(2); // the sweep takes 2
    l.storeState(3, 2);
    l.storeState(4, 2); // LRU evicts 3; 1, the oldest, ages out of the ring of 2
    expect(ring(l)).toEqual([
      [2, "stale"],
      [3, "lru"],
    ]);
    expect(l.wasRecentlyEvicted(1)).toBe(false);
    l.storeState(2, 3); // remembered: a false stale eviction (and LRU evicts 4)
    l.storeState(1, 3); // not remembered: a plain fresh write (and LRU evicts 2; 3 ages out)
    expect(counts(l.drainEvictionMetrics())).toEqual([4, 1, 0, 1]);
    expect(ring(l)).toEqual([
      [4, "lru"],
      [2, "lru"],
    ]);
  });

  it("cannot hold a gid that is also in the ledger: a snapshot that says so is refused", () => {
    const l = ledger();
    const snapshot = l.toSnapshot();
    expect(() => l.restoreSnapshot({ ...snapshot, entries: [[1, 1]], recentlyEvicted: [[1, "lru"]] })).toThrow(/gid 1 once/);
    expect(() =>
      l.restoreSnapshot({
        ...snapshot,
        recentlyEvicted: [
          [1, "lru"],
          [1, "stale"],
        ],
      }),
    ).toThrow(/gid 1 once/);
  });
});

// Stryker found these untested: the store and sweep events that `sim explain` and ledger
// replay read, a state dict naming a stream the dataset does not have, and a restore
// onto a dataset holding an undrained snapshot.

function tracedLedger(events: TraceEvent[]): GroupStateLedger {
  return new GroupStateLedger({
    rank: 0,
    capacity: 8,
    wipeMode: "periodic_stale",
    wipeIntervalSteps: 1,
    staleThresholdSteps: 1,
    recentlyEvictedCapacity: 8,
    trace: (event) => events.push(event),
  });
}

describe("ledger trace events", () => {
  it("mark a store fresh with no previous step, and a re-store with its previous step", () => {
    const events: TraceEvent[] = [];
    const ledger = tracedLedger(events);
    ledger.storeState(5, 1);
    ledger.storeState(5, 2);
    expect(events).toEqual([
      { kind: "store", rank: 0, gid: 5, fresh: true, prev_step: null },
      { kind: "store", rank: 0, gid: 5, fresh: false, prev_step: 1 },
    ]);
  });

  it("count the entries a stale sweep removed", () => {
    const events: TraceEvent[] = [];
    const ledger = tracedLedger(events);
    ledger.storeState(1, 1);
    ledger.storeState(2, 1);
    ledger.storeState(3, 3);
    events.length = 0;
    ledger.maybeWipe(4);
    expect(events.filter((e) => e.kind === "sweep")).toEqual([{ kind: "sweep", rank: 0, removed: 2 }]);
  });
});
