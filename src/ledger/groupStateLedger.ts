import { assert } from "../errors.ts";
import type { TraceSink } from "../trace/traceEvent.ts";
import type { EvictionMode } from "./evictionMode.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS } from "./ledgerMetricKeys.ts";
import type { LedgerSettings } from "./ledgerSettings.ts";
import { RecentlyEvictedRing } from "./recentlyEvictedRing.ts";

export interface LedgerOptions extends LedgerSettings {
  /** The owner rank this ledger lives on. */
  readonly rank: number;
  readonly trace?: TraceSink | undefined;
}

export type EvictionCounts = Record<EvictionMode, number>;

// Read once: the drain runs per rank per step, and these are plain strings.
const EVICTIONS_LRU_KEY = EVICTION_KEYS.lru;
const EVICTIONS_STALE_KEY = EVICTION_KEYS.stale;
const FALSE_EVICTIONS_LRU_KEY = FALSE_EVICTION_KEYS.lru;
const FALSE_EVICTIONS_STALE_KEY = FALSE_EVICTION_KEYS.stale;

/** The complete internal state of a ledger, for the harness's exact snapshots. */
export interface LedgerSnapshot {
  /** [gid, last_step] pairs, least recently used first. */
  readonly entries: readonly (readonly [number, number])[];
  readonly recentlyEvicted: readonly (readonly [number, EvictionMode])[];
  readonly evictCounts: EvictionCounts;
  readonly falseEvictCounts: EvictionCounts;
  readonly wipeCount: number;
}

/**
 * One owner rank's `group_state_ledger` with the TECH-3501 instrumentation: LRU
 * overflow eviction, the periodic stale sweep and full wipe, the `_recently_evicted`
 * ring, and the false-eviction join at the fresh write (FR10-FR12).
 *
 * The Map's insertion order is the recency order: every store deletes and re-inserts
 * its gid, so the first key is the least recently used entry and `last_step` never
 * decreases along the map. The stale sweep relies on that to stop at the first fresh
 * entry.
 */
export class GroupStateLedger {
  readonly rank: number;
  private entries = new Map<number, number>();
  private recentlyEvicted: RecentlyEvictedRing;
  private evictCounts: EvictionCounts = { lru: 0, stale: 0 };
  private falseEvictCounts: EvictionCounts = { lru: 0, stale: 0 };
  /** Cumulative sweeps and wipes; not drained (the pre-existing `ledger_wipe_count`). */
  wipeCount = 0;
  private readonly options: LedgerOptions;

  constructor(options: LedgerOptions) {
    assert(options.capacity >= 1, "ledger capacity >= 1");
    this.options = options;
    this.rank = options.rank;
    this.recentlyEvicted = new RecentlyEvictedRing(options.recentlyEvictedCapacity);
  }

  get size(): number {
    return this.entries.size;
  }

  has(gid: number): boolean {
    return this.entries.has(gid);
  }

  lastStepOf(gid: number): number | undefined {
    return this.entries.get(gid);
  }

  wasRecentlyEvicted(gid: number): boolean {
    return this.recentlyEvicted.has(gid);
  }

  /** `_maybe_wipe_ledger`: at the start of every `wipe_interval`-th step, before its stores. */
  maybeWipe(step: number): void {
    const { wipeMode, wipeIntervalSteps } = this.options;
    if (wipeMode === "none" || step % wipeIntervalSteps !== 0) return;
    this.wipeCount++;
    if (wipeMode === "periodic_full") {
      const removed = this.entries.size;
      this.entries.clear();
      // Intentional wipes must not read as false evictions later (FR10).
      this.recentlyEvicted.clear();
      if (this.options.trace) this.options.trace({ kind: "wipe", rank: this.rank, removed });
    } else {
      this.sweepStaleEntries(step);
    }
  }

  /**
   * `_store_state` (FR11): a fresh write of a gid the ring remembers is a false
   * eviction of the mode that evicted it. The entry then becomes most recently used.
   */
  storeState(gid: number, step: number): void {
    const prev = this.entries.get(gid);
    if (prev === undefined) {
      const mode = this.recentlyEvicted.pop(gid);
      if (mode !== undefined) {
        this.falseEvictCounts[mode]++;
        if (this.options.trace) this.options.trace({ kind: "false_evict", rank: this.rank, gid, mode });
      }
    } else {
      this.entries.delete(gid);
    }
    this.entries.set(gid, step);
    if (this.options.trace) this.options.trace({ kind: "store", rank: this.rank, gid, fresh: prev === undefined, prev_step: prev ?? null });
    this.evictLruOverflow();
  }

  /** FR12: the four counters since the last drain, then reset to 0. */
  drainEvictionMetrics(): Record<string, number> {
    const out: Record<string, number> = {};
    out[EVICTIONS_LRU_KEY] = this.evictCounts.lru;
    out[EVICTIONS_STALE_KEY] = this.evictCounts.stale;
    out[FALSE_EVICTIONS_LRU_KEY] = this.falseEvictCounts.lru;
    out[FALSE_EVICTIONS_STALE_KEY] = this.falseEvictCounts.stale;
    // Reset in place: the engine drains every ledger every step, and fresh objects here
    // were a measurable share of the step's garbage.
    this.evictCounts.lru = 0;
    this.evictCounts.stale = 0;
    this.falseEvictCounts.lru = 0;
    this.falseEvictCounts.stale = 0;
    return out;
  }

  toSnapshot(): LedgerSnapshot {
    return {
      entries: [...this.entries],
      recentlyEvicted: this.recentlyEvicted.toJSON(),
      evictCounts: { ...this.evictCounts },
      falseEvictCounts: { ...this.falseEvictCounts },
      wipeCount: this.wipeCount,
    };
  }

  restoreSnapshot(snapshot: LedgerSnapshot): void {
    assert(snapshot.entries.length <= this.options.capacity, "snapshot ledger within capacity");
    this.entries = new Map(snapshot.entries.map(([gid, lastStep]) => [gid, lastStep]));
    this.recentlyEvicted = RecentlyEvictedRing.fromJSON(this.options.recentlyEvictedCapacity, snapshot.recentlyEvicted);
    this.evictCounts = { ...snapshot.evictCounts };
    this.falseEvictCounts = { ...snapshot.falseEvictCounts };
    this.wipeCount = snapshot.wipeCount;
  }

  /** `_evict_lru_overflow`: least recently used entries go while over capacity. */
  private evictLruOverflow(): void {
    while (this.entries.size > this.options.capacity) {
      const [oldestGid, lastStep] = this.entries.entries().next().value as [number, number];
      this.recentlyEvicted.record(oldestGid, "lru");
      this.entries.delete(oldestGid);
      this.evictCounts.lru++;
      if (this.options.trace) this.options.trace({ kind: "evict", rank: this.rank, gid: oldestGid, mode: "lru", last_step: lastStep });
    }
  }

  /**
   * `_sweep_stale_entries`: entries untouched for more than `stale_threshold` steps go,
   * recorded in the ring in LRU-to-MRU order. Recency order makes the stale entries a
   * prefix of the map.
   */
  private sweepStaleEntries(step: number): void {
    let removed = 0;
    for (const [gid, lastStep] of this.entries) {
      if (step - lastStep <= this.options.staleThresholdSteps) break;
      this.recentlyEvicted.record(gid, "stale");
      this.entries.delete(gid);
      this.evictCounts.stale++;
      removed++;
      if (this.options.trace) this.options.trace({ kind: "evict", rank: this.rank, gid, mode: "stale", last_step: lastStep });
    }
    if (this.options.trace) this.options.trace({ kind: "sweep", rank: this.rank, removed });
  }
}
