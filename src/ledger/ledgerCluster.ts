import { assert } from "../errors.ts";
import type { TraceSink } from "../trace/traceEvent.ts";
import { EVICTION_MODES, type EvictionMode } from "./evictionMode.ts";
import { ownerRank } from "./groupIds.ts";
import { metricsOf } from "../metrics/catalog.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS, WIPE_COUNT_KEY } from "./ledgerMetricKeys.ts";
import type { LedgerSettings } from "./ledgerSettings.ts";

export interface LedgerClusterOptions extends LedgerSettings {
  /** How many owner ranks the world has; gid g lives on the ledger of rank `g mod worldSize`. */
  readonly worldSize: number;
  /**
   * The owner ranks whose ledgers this cluster holds: `count` of them from `first`
   * (default: all of them). The engine's threads each hold the ledgers of their block
   * of ranks; a store of a gid owned elsewhere is a bug.
   */
  readonly owners?: { readonly first: number; readonly count: number };
  /** The rank of ledger 0 in trace events (a lone ledger may stand for any rank; default the first owner). */
  readonly firstRank?: number;
  readonly trace?: TraceSink | undefined;
}

export type EvictionCounts = Record<EvictionMode, number>;

/** The complete internal state of one ledger, for the harness's exact snapshots. */
export interface LedgerSnapshot {
  /** [gid, last_step] pairs, least recently used first. */
  readonly entries: readonly (readonly [number, number])[];
  /** [gid, mode] pairs of `_recently_evicted`, oldest first. */
  readonly recentlyEvicted: readonly (readonly [number, EvictionMode])[];
  readonly evictCounts: EvictionCounts;
  readonly falseEvictCounts: EvictionCounts;
  readonly wipeCount: number;
}

const NONE = -1;

// A slot holds one gid that is either a ledger entry or a `_recently_evicted` entry of
// its owner, never both: a gid can only be evicted while in the ledger, and the fresh
// write that brings it back pops it from the ring. Four int32 per slot:
const SLOT_GID = 0;
/** last_step (>= 0) for a ledger entry; `RING_MODE_BASE - mode index` (< 0) for a ring entry. */
const SLOT_STEP = 1;
const SLOT_PREV = 2;
const SLOT_NEXT = 3;
const SLOT_STRIDE = 4;
const RING_MODE_BASE = -1;
const LRU = EVICTION_MODES.indexOf("lru");
const STALE = EVICTION_MODES.indexOf("stale");

// Sixteen int32 per ledger, one cache line: its two lists and its counters.
const LRU_HEAD = 0;
const LRU_TAIL = 1;
const SIZE = 2;
const RING_HEAD = 3;
const RING_TAIL = 4;
const RING_SIZE = 5;
/** The eviction counters at EVICTIONS + mode index, then the false evictions likewise (COUNTER_AT_KEY names them). */
const EVICTIONS = 6;
const FALSE_EVICTIONS = 8;
const WIPE_COUNT = 10;
const LEDGER_STRIDE = 16;

/** Where each counter of a ledger's line is, by its metric key: the one place a counter is tied to its key. */
const COUNTER_AT_KEY: ReadonlyMap<string, number> = new Map([
  [EVICTION_KEYS.lru, EVICTIONS + LRU],
  [EVICTION_KEYS.stale, EVICTIONS + STALE],
  [FALSE_EVICTION_KEYS.lru, FALSE_EVICTIONS + LRU],
  [FALSE_EVICTION_KEYS.stale, FALSE_EVICTIONS + STALE],
  [WIPE_COUNT_KEY, WIPE_COUNT],
]);

/**
 * The loss-side metrics a ledger's line holds, in catalog order: the values drainAllInto
 * packs per ledger, in this order (ledgerCluster.test.ts holds its unrolled writes to it).
 */
export const LEDGER_PACKED_KEYS: readonly string[] = metricsOf("reduce_loss_metrics").map((metric) => metric.key);

/** The four drained counters (every packed key but the cumulative wipe count), in the order of their keys in a drained dict. */
export const LEDGER_COUNTER_KEYS: readonly string[] = LEDGER_PACKED_KEYS.filter((key) => key !== WIPE_COUNT_KEY);
const COUNTER_OFFSETS: readonly number[] = LEDGER_COUNTER_KEYS.map((key) => {
  const offset = COUNTER_AT_KEY.get(key);
  assert(offset !== undefined, () => `ledger counter ${key} has a place in a ledger's line`);
  return offset;
});

/**
 * Every owner rank's `group_state_ledger` with the TECH-3501 instrumentation (FR10 to
 * FR12): LRU overflow eviction, the periodic stale sweep and full wipe, the
 * `_recently_evicted` ring, and the false-eviction join at the fresh write. The plan
 * has one ledger object per rank; GroupStateLedger is that object, a view of one ledger
 * of a cluster. The state lives here, in a structure of typed arrays shared by all the
 * ledgers, so that a step at thousands of ranks touches a few cache lines per store
 * instead of a few objects per rank.
 *
 * - A ledger's entries are an intrusive doubly linked list over slots in recency order:
 *   every store moves its gid to the tail, so the head is the least recently used entry
 *   and `last_step` never decreases along the list. The stale sweep relies on that to
 *   stop at the first fresh entry, so it touches only the entries it evicts and one more.
 * - Its ring is a second list over the same slots, oldest first: an eviction moves the
 *   slot from one list to the other, and a fresh write of a remembered gid moves it back.
 * - `slotOfGid` indexes the slots by gid (gids are dense integers), grown to the largest
 *   gid seen; slots are reused through a free list, so memory follows the live entries.
 */
export class LedgerCluster {
  readonly worldSize: number;
  /** The owner rank of ledger 0, and how many ledgers the cluster holds. */
  readonly firstOwner: number;
  readonly ledgerCount: number;
  private readonly capacity: number;
  private readonly wipeMode: LedgerSettings["wipeMode"];
  private readonly wipeIntervalSteps: number;
  private readonly staleThresholdSteps: number;
  private readonly ringCapacity: number;
  private readonly firstRank: number;
  private readonly trace: TraceSink | undefined;
  private readonly ledgers: Int32Array;
  private slots: Int32Array = new Int32Array(16 * SLOT_STRIDE);
  private slotOfGid: Int32Array = new Int32Array(16).fill(NONE);
  private unusedSlot = 0;
  private freeSlot = NONE;

  constructor(options: LedgerClusterOptions) {
    assert(options.capacity >= 1, "ledger capacity >= 1");
    assert(options.recentlyEvictedCapacity >= 1, "ring capacity >= 1");
    assert(options.worldSize >= 1, "a ledger cluster has at least one ledger");
    this.worldSize = options.worldSize;
    this.firstOwner = options.owners?.first ?? 0;
    this.ledgerCount = options.owners?.count ?? options.worldSize;
    assert(this.firstOwner >= 0 && this.ledgerCount >= 1 && this.firstOwner + this.ledgerCount <= this.worldSize, "a cluster holds a range of the world's owner ranks");
    this.capacity = options.capacity;
    this.wipeMode = options.wipeMode;
    this.wipeIntervalSteps = options.wipeIntervalSteps;
    this.staleThresholdSteps = options.staleThresholdSteps;
    this.ringCapacity = options.recentlyEvictedCapacity;
    this.firstRank = options.firstRank ?? this.firstOwner;
    this.trace = options.trace;
    this.ledgers = new Int32Array(this.ledgerCount * LEDGER_STRIDE);
    for (let ledger = 0; ledger < this.ledgerCount; ledger++) {
      const base = ledger * LEDGER_STRIDE;
      this.ledgers.fill(NONE, base + LRU_HEAD, base + LRU_TAIL + 1);
      this.ledgers.fill(NONE, base + RING_HEAD, base + RING_TAIL + 1);
    }
  }

  /** The ledger of this cluster that holds `gid`, or -1 when another cluster's does. */
  ledgerOf(gid: number): number {
    const ledger = ownerRank(gid, this.worldSize) - this.firstOwner;
    return ledger >= 0 && ledger < this.ledgerCount ? ledger : NONE;
  }

  /** The rank a ledger stands for in trace events. */
  rankOf(ledger: number): number {
    return this.firstRank + ledger;
  }

  sizeOf(ledger: number): number {
    return this.ledgers[ledger * LEDGER_STRIDE + SIZE] as number;
  }

  wipeCountOf(ledger: number): number {
    return this.ledgers[ledger * LEDGER_STRIDE + WIPE_COUNT] as number;
  }

  /** last_step of `gid` in its ledger, or undefined when the ledger does not hold it. */
  lastStepOf(gid: number): number | undefined {
    const slot = this.slotOf(gid);
    if (slot === NONE) return undefined;
    const lastStep = this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number;
    return lastStep >= 0 ? lastStep : undefined;
  }

  /** Whether `gid` is in its owner's `_recently_evicted`. */
  wasRecentlyEvicted(gid: number): boolean {
    const slot = this.slotOf(gid);
    return slot !== NONE && (this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number) < 0;
  }

  /** `_maybe_wipe_ledger` on every ledger, in rank order: at the start of every `wipe_interval`-th step. */
  maybeWipeAll(step: number): void {
    if (this.wipeMode === "none" || step % this.wipeIntervalSteps !== 0) return;
    for (let ledger = 0; ledger < this.ledgerCount; ledger++) this.wipe(ledger, step);
  }

  /** `_maybe_wipe_ledger` on one ledger. */
  maybeWipe(ledger: number, step: number): void {
    if (this.wipeMode === "none" || step % this.wipeIntervalSteps !== 0) return;
    this.wipe(ledger, step);
  }

  /**
   * `_store_state` (FR11) on the owner of `gid`: a fresh write of a gid the ring
   * remembers is a false eviction of the mode that evicted it. The entry then becomes
   * most recently used, and `_evict_lru_overflow` runs.
   */
  storeState(gid: number, step: number): void {
    // Checked before building any message: this is every store's path.
    if (step < 0 || (step | 0) !== step) assert(false, `store step ${step} is a non-negative int32`);
    const ledger = ownerRank(gid, this.worldSize) - this.firstOwner;
    if (ledger < 0 || ledger >= this.ledgerCount) assert(false, `gid ${gid} is stored in the cluster that holds its owner's ledger`);
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    let slot = this.slotOf(gid);
    let prev: number | null = null;
    if (slot !== NONE && (this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number) >= 0) {
      prev = this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number;
      this.slots[slot * SLOT_STRIDE + SLOT_STEP] = step;
      if (slot !== meta[base + LRU_TAIL]) {
        this.unlink(base + LRU_HEAD, slot);
        this.linkAtTail(base + LRU_HEAD, slot);
      }
    } else {
      if (slot !== NONE) {
        const mode = RING_MODE_BASE - (this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number);
        this.unlink(base + RING_HEAD, slot);
        meta[base + RING_SIZE]!--;
        meta[base + FALSE_EVICTIONS + mode]!++;
        if (this.trace) this.trace({ kind: "false_evict", rank: this.rankOf(ledger), gid, mode: EVICTION_MODES[mode] as EvictionMode });
      } else {
        slot = this.allocate(gid);
      }
      this.slots[slot * SLOT_STRIDE + SLOT_STEP] = step;
      this.linkAtTail(base + LRU_HEAD, slot);
      meta[base + SIZE]!++;
    }
    if (this.trace) this.trace({ kind: "store", rank: this.rankOf(ledger), gid, fresh: prev === null, prev_step: prev });
    // A store that found its entry did not grow the ledger, so it cannot overflow it.
    if (prev === null) this.evictLruOverflow(ledger);
  }

  /** FR12: one ledger's four counters since the last drain, then reset to 0. */
  drainEvictionMetrics(ledger: number): Record<string, number> {
    const out: Record<string, number> = {};
    const meta = this.ledgers;
    const base = ledger * LEDGER_STRIDE;
    for (let k = 0; k < LEDGER_COUNTER_KEYS.length; k++) out[LEDGER_COUNTER_KEYS[k] as string] = meta[base + (COUNTER_OFFSETS[k] as number)] as number;
    this.resetCounters(base);
    return out;
  }

  /**
   * The engine's fused drain: what `drainEvictionMetrics` followed by the wipe count
   * gives for every ledger, written rank-major into `packed` (five values per rank, in
   * the order of LEDGER_PACKED_KEYS; ledger 0 at `offset`), with no dict per rank.
   * Unrolled: this runs for every ledger every step.
   */
  drainAllInto(packed: Float64Array, offset = 0): void {
    const meta = this.ledgers;
    for (let ledger = 0, out = offset; ledger < this.ledgerCount; ledger++, out += 5) {
      const base = ledger * LEDGER_STRIDE;
      packed[out] = meta[base + EVICTIONS + LRU] as number;
      packed[out + 1] = meta[base + EVICTIONS + STALE] as number;
      packed[out + 2] = meta[base + FALSE_EVICTIONS + LRU] as number;
      packed[out + 3] = meta[base + FALSE_EVICTIONS + STALE] as number;
      packed[out + 4] = meta[base + WIPE_COUNT] as number;
      this.resetCounters(base);
    }
  }

  /**
   * The single-threaded engine's fused drain and reduction: for each of LEDGER_PACKED_KEYS
   * (drainAllInto's order), its total over the ledgers into `totals` and its largest
   * value into `maxes`, what a PackedLossReduction of drainAllInto's vector adds up and
   * compares, with the counters reset alike, but without writing every ledger's values
   * out and reading them back column by column (a chain of dependent additions per key,
   * which at tens of ranks cost more than the drain). Every value is an int32, so each
   * total is an exact integer whatever the order of its additions, and a maximum does not
   * depend on the order either: the reduction's numbers are the same to the bit
   * (ledgerCluster.test.ts holds the three drains to the plan's dicts).
   */
  drainTotalsInto(totals: Float64Array, maxes: Float64Array): void {
    const meta = this.ledgers;
    let evictionsLru = 0;
    let evictionsStale = 0;
    let falseLru = 0;
    let falseStale = 0;
    let wipes = 0;
    let evictionsLruMax = -Infinity;
    let evictionsStaleMax = -Infinity;
    let falseLruMax = -Infinity;
    let falseStaleMax = -Infinity;
    let wipesMax = -Infinity;
    for (let ledger = 0; ledger < this.ledgerCount; ledger++) {
      const base = ledger * LEDGER_STRIDE;
      const lru = meta[base + EVICTIONS + LRU] as number;
      const stale = meta[base + EVICTIONS + STALE] as number;
      const falseOfLru = meta[base + FALSE_EVICTIONS + LRU] as number;
      const falseOfStale = meta[base + FALSE_EVICTIONS + STALE] as number;
      const wipeCount = meta[base + WIPE_COUNT] as number;
      evictionsLru += lru;
      evictionsStale += stale;
      falseLru += falseOfLru;
      falseStale += falseOfStale;
      wipes += wipeCount;
      if (lru > evictionsLruMax) evictionsLruMax = lru;
      if (stale > evictionsStaleMax) evictionsStaleMax = stale;
      if (falseOfLru > falseLruMax) falseLruMax = falseOfLru;
      if (falseOfStale > falseStaleMax) falseStaleMax = falseOfStale;
      if (wipeCount > wipesMax) wipesMax = wipeCount;
      this.resetCounters(base);
    }
    totals[0] = evictionsLru;
    totals[1] = evictionsStale;
    totals[2] = falseLru;
    totals[3] = falseStale;
    totals[4] = wipes;
    maxes[0] = evictionsLruMax;
    maxes[1] = evictionsStaleMax;
    maxes[2] = falseLruMax;
    maxes[3] = falseStaleMax;
    maxes[4] = wipesMax;
  }

  toSnapshot(ledger: number): LedgerSnapshot {
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    const entries: [number, number][] = [];
    for (let slot = meta[base + LRU_HEAD] as number; slot !== NONE; slot = this.slots[slot * SLOT_STRIDE + SLOT_NEXT] as number) {
      entries.push([this.slots[slot * SLOT_STRIDE + SLOT_GID] as number, this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number]);
    }
    const recentlyEvicted: [number, EvictionMode][] = [];
    for (let slot = meta[base + RING_HEAD] as number; slot !== NONE; slot = this.slots[slot * SLOT_STRIDE + SLOT_NEXT] as number) {
      const mode = EVICTION_MODES[RING_MODE_BASE - (this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number)] as EvictionMode;
      recentlyEvicted.push([this.slots[slot * SLOT_STRIDE + SLOT_GID] as number, mode]);
    }
    return {
      entries,
      recentlyEvicted,
      evictCounts: { lru: meta[base + EVICTIONS + LRU] as number, stale: meta[base + EVICTIONS + STALE] as number },
      falseEvictCounts: { lru: meta[base + FALSE_EVICTIONS + LRU] as number, stale: meta[base + FALSE_EVICTIONS + STALE] as number },
      wipeCount: meta[base + WIPE_COUNT] as number,
    };
  }

  restoreSnapshot(ledger: number, snapshot: LedgerSnapshot): void {
    assert(snapshot.entries.length <= this.capacity, "snapshot ledger within capacity");
    assert(snapshot.recentlyEvicted.length <= this.ringCapacity, "snapshot ring within capacity");
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    this.clearEntries(base);
    this.clearRing(base);
    const restore = (gid: number, stepOrMode: number, list: number): void => {
      assert(Number.isInteger(gid) && gid >= 0 && this.ledgerOf(gid) === ledger, () => `snapshot gid ${gid} belongs to ledger ${ledger}`);
      assert(this.slotOf(gid) === NONE, () => `snapshot holds gid ${gid} once, in the ledger or in the ring`);
      const slot = this.allocate(gid);
      this.slots[slot * SLOT_STRIDE + SLOT_STEP] = stepOrMode;
      this.linkAtTail(base + list, slot);
    };
    for (const [gid, lastStep] of snapshot.entries) {
      assert(Number.isInteger(lastStep) && lastStep >= 0, () => `snapshot last_step ${lastStep} is a step`);
      restore(gid, lastStep, LRU_HEAD);
    }
    for (const [gid, mode] of snapshot.recentlyEvicted) {
      assert(EVICTION_MODES.includes(mode), () => `snapshot ring mode ${mode} is an eviction mode`);
      restore(gid, RING_MODE_BASE - EVICTION_MODES.indexOf(mode), RING_HEAD);
    }
    meta[base + SIZE] = snapshot.entries.length;
    meta[base + RING_SIZE] = snapshot.recentlyEvicted.length;
    meta[base + EVICTIONS + LRU] = snapshot.evictCounts.lru;
    meta[base + EVICTIONS + STALE] = snapshot.evictCounts.stale;
    meta[base + FALSE_EVICTIONS + LRU] = snapshot.falseEvictCounts.lru;
    meta[base + FALSE_EVICTIONS + STALE] = snapshot.falseEvictCounts.stale;
    meta[base + WIPE_COUNT] = snapshot.wipeCount;
  }

  private wipe(ledger: number, step: number): void {
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    meta[base + WIPE_COUNT]!++;
    if (this.wipeMode === "periodic_full") {
      const removed = meta[base + SIZE] as number;
      this.clearEntries(base);
      // Intentional wipes must not read as false evictions later (FR10).
      this.clearRing(base);
      if (this.trace) this.trace({ kind: "wipe", rank: this.rankOf(ledger), removed });
    } else {
      this.sweepStaleEntries(ledger, step);
    }
  }

  /** `_evict_lru_overflow`: least recently used entries go while over capacity. */
  private evictLruOverflow(ledger: number): void {
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    while ((meta[base + SIZE] as number) > this.capacity) {
      const oldest = meta[base + LRU_HEAD] as number;
      const oldestGid = this.slots[oldest * SLOT_STRIDE + SLOT_GID] as number;
      const lastStep = this.slots[oldest * SLOT_STRIDE + SLOT_STEP] as number;
      this.unlink(base + LRU_HEAD, oldest);
      meta[base + SIZE]!--;
      this.rememberEvicted(ledger, oldest, LRU);
      meta[base + EVICTIONS + LRU]!++;
      if (this.trace) this.trace({ kind: "evict", rank: this.rankOf(ledger), gid: oldestGid, mode: "lru", last_step: lastStep });
    }
  }

  /**
   * `_sweep_stale_entries`: entries untouched for more than `stale_threshold` steps go,
   * recorded in the ring in LRU-to-MRU order. Recency order makes the stale entries a
   * prefix of the list.
   */
  private sweepStaleEntries(ledger: number, step: number): void {
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    let removed = 0;
    for (let slot = meta[base + LRU_HEAD] as number; slot !== NONE; slot = meta[base + LRU_HEAD] as number) {
      const gid = this.slots[slot * SLOT_STRIDE + SLOT_GID] as number;
      const lastStep = this.slots[slot * SLOT_STRIDE + SLOT_STEP] as number;
      if (step - lastStep <= this.staleThresholdSteps) break;
      this.unlink(base + LRU_HEAD, slot);
      meta[base + SIZE]!--;
      this.rememberEvicted(ledger, slot, STALE);
      meta[base + EVICTIONS + STALE]!++;
      removed++;
      if (this.trace) this.trace({ kind: "evict", rank: this.rankOf(ledger), gid, mode: "stale", last_step: lastStep });
    }
    if (this.trace) this.trace({ kind: "sweep", rank: this.rankOf(ledger), removed });
  }

  /** Records an evicted slot at the tail of its ledger's ring; the oldest entry ages out when the ring is full. */
  private rememberEvicted(ledger: number, slot: number, mode: number): void {
    const base = ledger * LEDGER_STRIDE;
    const meta = this.ledgers;
    this.slots[slot * SLOT_STRIDE + SLOT_STEP] = RING_MODE_BASE - mode;
    this.linkAtTail(base + RING_HEAD, slot);
    if (++meta[base + RING_SIZE]! > this.ringCapacity) {
      const oldest = meta[base + RING_HEAD] as number;
      this.unlink(base + RING_HEAD, oldest);
      meta[base + RING_SIZE]!--;
      this.release(oldest);
    }
  }

  private resetCounters(base: number): void {
    const meta = this.ledgers;
    meta[base + EVICTIONS + LRU] = 0;
    meta[base + EVICTIONS + STALE] = 0;
    meta[base + FALSE_EVICTIONS + LRU] = 0;
    meta[base + FALSE_EVICTIONS + STALE] = 0;
  }

  private slotOf(gid: number): number {
    return gid < this.slotOfGid.length ? (this.slotOfGid[gid] as number) : NONE;
  }

  /** A free slot indexed under `gid`, in no list yet. */
  private allocate(gid: number): number {
    if (gid < 0 || (gid | 0) !== gid) assert(false, `gid ${gid} is a non-negative int32`);
    let slot = this.freeSlot;
    if (slot !== NONE) {
      this.freeSlot = this.slots[slot * SLOT_STRIDE + SLOT_NEXT] as number;
    } else {
      slot = this.unusedSlot++;
      if (slot * SLOT_STRIDE === this.slots.length) this.slots = grown(this.slots, this.slots.length * 2, 0);
    }
    if (gid >= this.slotOfGid.length) this.slotOfGid = grown(this.slotOfGid, Math.max(gid + 1, this.slotOfGid.length * 2), NONE);
    this.slots[slot * SLOT_STRIDE + SLOT_GID] = gid;
    this.slotOfGid[gid] = slot;
    return slot;
  }

  /** Unindexes a slot that is in no list and puts it on the free list. */
  private release(slot: number): void {
    this.slotOfGid[this.slots[slot * SLOT_STRIDE + SLOT_GID] as number] = NONE;
    this.slots[slot * SLOT_STRIDE + SLOT_NEXT] = this.freeSlot;
    this.freeSlot = slot;
  }

  private clearEntries(base: number): void {
    this.releaseList(base + LRU_HEAD);
    this.ledgers[base + SIZE] = 0;
  }

  private clearRing(base: number): void {
    this.releaseList(base + RING_HEAD);
    this.ledgers[base + RING_SIZE] = 0;
  }

  /** Releases every slot of the list whose head is at `ledgers[head]`, leaving it empty. */
  private releaseList(head: number): void {
    for (let slot = this.ledgers[head] as number; slot !== NONE;) {
      const next = this.slots[slot * SLOT_STRIDE + SLOT_NEXT] as number;
      this.release(slot);
      slot = next;
    }
    this.ledgers[head] = NONE;
    this.ledgers[head + 1] = NONE;
  }

  /** Appends `slot` to the list whose head is at `ledgers[head]` and tail at `ledgers[head + 1]`. */
  private linkAtTail(head: number, slot: number): void {
    const meta = this.ledgers;
    const slots = this.slots;
    const tail = meta[head + 1] as number;
    slots[slot * SLOT_STRIDE + SLOT_PREV] = tail;
    slots[slot * SLOT_STRIDE + SLOT_NEXT] = NONE;
    if (tail === NONE) meta[head] = slot;
    else slots[tail * SLOT_STRIDE + SLOT_NEXT] = slot;
    meta[head + 1] = slot;
  }

  private unlink(head: number, slot: number): void {
    const meta = this.ledgers;
    const slots = this.slots;
    const prev = slots[slot * SLOT_STRIDE + SLOT_PREV] as number;
    const next = slots[slot * SLOT_STRIDE + SLOT_NEXT] as number;
    if (prev === NONE) meta[head] = next;
    else slots[prev * SLOT_STRIDE + SLOT_NEXT] = next;
    if (next === NONE) meta[head + 1] = prev;
    else slots[next * SLOT_STRIDE + SLOT_PREV] = prev;
  }
}

function grown(array: Int32Array, length: number, fill: number): Int32Array {
  const copy = new Int32Array(length);
  copy.set(array);
  if (fill !== 0) copy.fill(fill, array.length);
  return copy;
}
