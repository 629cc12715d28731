import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WipeMode } from "../../../src/config/modelConfig.ts";
import { PackedLossReduction, reduceLossMetrics, reducePackedLossMetrics } from "../../../src/distributed/reduceLossMetrics.ts";
import type { EvictionMode } from "../../../src/ledger/evictionMode.ts";
import { GroupStateLedger } from "../../../src/ledger/groupStateLedger.ts";
import { LEDGER_COUNTER_KEYS, LEDGER_PACKED_KEYS, LedgerCluster, type LedgerSnapshot } from "../../../src/ledger/ledgerCluster.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS, LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../../../src/ledger/ledgerMetricKeys.ts";
import type { LedgerSettings } from "../../../src/ledger/ledgerSettings.ts";
import type { TraceEvent } from "../../../src/trace/traceEvent.ts";

/**
 * The plan's ledger written the obvious way, as the project first had it: a Map whose
 * insertion order is the recency order, and a Map for the ring. The cluster must behave
 * exactly like W of these, one per owner rank (gid mod W), trace events included.
 */
class ReferenceLedger {
  entries = new Map<number, number>();
  ring = new Map<number, EvictionMode>();
  evictCounts = { lru: 0, stale: 0 };
  falseEvictCounts = { lru: 0, stale: 0 };
  wipeCount = 0;

  constructor(
    private readonly rank: number,
    private readonly settings: LedgerSettings,
    private readonly trace: (event: TraceEvent) => void,
  ) {}

  maybeWipe(step: number): void {
    const { wipeMode, wipeIntervalSteps, staleThresholdSteps } = this.settings;
    if (wipeMode === "none" || step % wipeIntervalSteps !== 0) return;
    this.wipeCount++;
    if (wipeMode === "periodic_full") {
      const removed = this.entries.size;
      this.entries.clear();
      this.ring.clear();
      this.trace({ kind: "wipe", rank: this.rank, removed });
      return;
    }
    let removed = 0;
    for (const [gid, lastStep] of this.entries) {
      if (step - lastStep <= staleThresholdSteps) break;
      this.record(gid, "stale");
      this.entries.delete(gid);
      this.evictCounts.stale++;
      removed++;
      this.trace({ kind: "evict", rank: this.rank, gid, mode: "stale", last_step: lastStep });
    }
    this.trace({ kind: "sweep", rank: this.rank, removed });
  }

  storeState(gid: number, step: number): void {
    const prev = this.entries.get(gid);
    if (prev === undefined) {
      const mode = this.ring.get(gid);
      if (mode !== undefined) {
        this.ring.delete(gid);
        this.falseEvictCounts[mode]++;
        this.trace({ kind: "false_evict", rank: this.rank, gid, mode });
      }
    } else {
      this.entries.delete(gid);
    }
    this.entries.set(gid, step);
    this.trace({ kind: "store", rank: this.rank, gid, fresh: prev === undefined, prev_step: prev ?? null });
    while (this.entries.size > this.settings.capacity) {
      const [oldest, lastStep] = this.entries.entries().next().value as [number, number];
      this.record(oldest, "lru");
      this.entries.delete(oldest);
      this.evictCounts.lru++;
      this.trace({ kind: "evict", rank: this.rank, gid: oldest, mode: "lru", last_step: lastStep });
    }
  }

  drain(): Record<string, number> {
    const out = {
      [LEDGER_COUNTER_KEYS[0] as string]: this.evictCounts.lru,
      [LEDGER_COUNTER_KEYS[1] as string]: this.evictCounts.stale,
      [LEDGER_COUNTER_KEYS[2] as string]: this.falseEvictCounts.lru,
      [LEDGER_COUNTER_KEYS[3] as string]: this.falseEvictCounts.stale,
    };
    this.evictCounts = { lru: 0, stale: 0 };
    this.falseEvictCounts = { lru: 0, stale: 0 };
    return out;
  }

  snapshot(): LedgerSnapshot {
    return {
      entries: [...this.entries],
      recentlyEvicted: [...this.ring],
      evictCounts: { ...this.evictCounts },
      falseEvictCounts: { ...this.falseEvictCounts },
      wipeCount: this.wipeCount,
    };
  }

  private record(gid: number, mode: EvictionMode): void {
    this.ring.set(gid, mode);
    if (this.ring.size > this.settings.recentlyEvictedCapacity) this.ring.delete(this.ring.keys().next().value as number);
  }
}

type Op = { kind: "store"; gid: number } | { kind: "step" } | { kind: "drain" } | { kind: "snapshot" };

const settingsArb = fc.record({
  capacity: fc.integer({ min: 1, max: 6 }),
  wipeMode: fc.constantFrom<WipeMode>("none", "periodic_stale", "periodic_full"),
  wipeIntervalSteps: fc.integer({ min: 1, max: 4 }),
  staleThresholdSteps: fc.integer({ min: 0, max: 4 }),
  recentlyEvictedCapacity: fc.integer({ min: 1, max: 5 }),
});
const opArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 40 }).map((gid): Op => ({ kind: "store", gid })) },
  { weight: 3, arbitrary: fc.constant<Op>({ kind: "step" }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "drain" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "snapshot" }) },
);

describe("LedgerCluster", () => {
  it("behaves like one Map-based ledger per owner rank: same snapshots, drains and trace events, and the fused drain reduces like the plan's dicts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), settingsArb, fc.array(opArb, { maxLength: 120 }), (worldSize, settings, ops) => {
        const clusterEvents: TraceEvent[] = [];
        const referenceEvents: TraceEvent[] = [];
        let cluster = new LedgerCluster({ ...settings, worldSize, trace: (e) => clusterEvents.push(e) });
        const reference = Array.from({ length: worldSize }, (_, rank) => new ReferenceLedger(rank, settings, (e) => referenceEvents.push(e)));
        let step = 1;
        let drains = 0;
        for (const op of ops) {
          if (op.kind === "store") {
            cluster.storeState(op.gid, step);
            (reference[op.gid % worldSize] as ReferenceLedger).storeState(op.gid, step);
          } else if (op.kind === "step") {
            step++;
            cluster.maybeWipeAll(step);
            for (const ledger of reference) ledger.maybeWipe(step);
          } else if (op.kind === "drain") {
            // Take turns between the two fused drains (the packed vector the threads
            // reduce, the totals the single-threaded engine reduces); each must reduce as
            // the plan's dicts do.
            const dicts = reference.map((ledger) => ({ ...ledger.drain(), [WIPE_COUNT_KEY]: ledger.wipeCount }));
            const expected = reduceLossMetrics(dicts, { sumKeys: LEDGER_SUM_KEYS });
            if (drains++ % 2 === 0) {
              const packed = new Float64Array(worldSize * 5);
              cluster.drainAllInto(packed);
              expect(reducePackedLossMetrics(packed, LEDGER_PACKED_KEYS, { sumKeys: LEDGER_SUM_KEYS })).toStrictEqual(expected);
            } else {
              const totals = new Float64Array(5);
              const maxes = new Float64Array(5);
              cluster.drainTotalsInto(totals, maxes);
              const keys: string[] = [];
              const values = new Float64Array(10);
              const count = new PackedLossReduction(LEDGER_PACKED_KEYS, { sumKeys: LEDGER_SUM_KEYS }).reduceTotalsInto(totals, maxes, worldSize, keys, values);
              expect(Object.fromEntries(keys.slice(0, count).map((key, i) => [key, values[i]]))).toStrictEqual(expected);
            }
          } else {
            // A snapshot taken and restored into a fresh cluster continues identically.
            const snapshots = reference.map((ledger) => ledger.snapshot());
            expect(snapshots.map((_, rank) => cluster.toSnapshot(rank))).toEqual(snapshots);
            cluster = new LedgerCluster({ ...settings, worldSize, trace: (e) => clusterEvents.push(e) });
            snapshots.forEach((snapshot, rank) => cluster.restoreSnapshot(rank, snapshot));
          }
        }
        expect(clusterEvents).toEqual(referenceEvents);
        reference.forEach((ledger, rank) => {
          expect(cluster.toSnapshot(rank)).toEqual(ledger.snapshot());
          expect(cluster.drainEvictionMetrics(rank)).toEqual(ledger.drain());
        });
      }),
      { numRuns: 300 },
    );
  });

  it("routes a store to the owner of its gid, and the per-rank views answer for their own gids only", () => {
    const cluster = new LedgerCluster({ capacity: 4, wipeMode: "none", wipeIntervalSteps: 1, staleThresholdSteps: 0, recentlyEvictedCapacity: 2, worldSize: 3 });
    cluster.storeState(7, 1); // owner 7 mod 3 = 1
    const views = [0, 1, 2].map((rank) => new GroupStateLedger(cluster, rank));
    expect(views.map((v) => v.size)).toEqual([0, 1, 0]);
    expect(views.map((v) => v.has(7))).toEqual([false, true, false]);
    expect(views[1]?.lastStepOf(7)).toBe(1);
    expect(() => views[0]?.storeState(7, 2)).toThrow(/stored on its owner/);
  });

  it("packs each counter under its own key: drainAllInto's and drainTotalsInto's unrolled writes and drainEvictionMetrics follow LEDGER_PACKED_KEYS", () => {
    const cluster = new LedgerCluster({ capacity: 4, wipeMode: "none", wipeIntervalSteps: 1, staleThresholdSteps: 0, recentlyEvictedCapacity: 2, worldSize: 2 });
    // Distinct values on ledger 1, so that a counter written into another's place shows.
    const counters = { entries: [], recentlyEvicted: [], evictCounts: { lru: 1, stale: 2 }, falseEvictCounts: { lru: 3, stale: 4 }, wipeCount: 5 };
    const expected = { [EVICTION_KEYS.lru]: 1, [EVICTION_KEYS.stale]: 2, [FALSE_EVICTION_KEYS.lru]: 3, [FALSE_EVICTION_KEYS.stale]: 4, [WIPE_COUNT_KEY]: 5 };
    cluster.restoreSnapshot(1, counters);
    const packed = new Float64Array(2 * LEDGER_PACKED_KEYS.length);
    cluster.drainAllInto(packed);
    expect(Object.fromEntries(LEDGER_PACKED_KEYS.map((key, k) => [key, packed[LEDGER_PACKED_KEYS.length + k]]))).toEqual(expected);
    cluster.restoreSnapshot(1, counters);
    const totals = new Float64Array(LEDGER_PACKED_KEYS.length);
    const maxes = new Float64Array(LEDGER_PACKED_KEYS.length);
    cluster.drainTotalsInto(totals, maxes);
    expect(Object.fromEntries(LEDGER_PACKED_KEYS.map((key, k) => [key, totals[k]]))).toEqual(expected);
    expect(Object.fromEntries(LEDGER_PACKED_KEYS.map((key, k) => [key, maxes[k]]))).toEqual(expected);
    cluster.restoreSnapshot(1, counters);
    expect(cluster.drainEvictionMetrics(1)).toEqual({ ...expected, [WIPE_COUNT_KEY]: undefined });
    expect(Object.keys(cluster.drainEvictionMetrics(1))).toEqual(LEDGER_COUNTER_KEYS);
  });
});
