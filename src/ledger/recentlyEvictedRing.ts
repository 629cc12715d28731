import { assert } from "../errors.ts";
import type { EvictionMode } from "./evictionMode.ts";

/**
 * The plan's `_recently_evicted`: a FIFO ring of at most `capacity` gids with the mode
 * that evicted them. A Map keeps insertion order, so its first key is the oldest entry,
 * and lookup and removal by gid stay O(1).
 */
export class RecentlyEvictedRing {
  private readonly entries = new Map<number, EvictionMode>();

  constructor(readonly capacity: number) {
    assert(capacity >= 1, "ring capacity >= 1");
  }

  get size(): number {
    return this.entries.size;
  }

  has(gid: number): boolean {
    return this.entries.has(gid);
  }

  /** Records an eviction; the oldest entry ages out when the ring is full. */
  record(gid: number, mode: EvictionMode): void {
    // A gid can only be evicted while in the ledger, and its fresh write popped it from
    // the ring, so it cannot be here already.
    assert(!this.entries.has(gid), () => `gid ${gid} evicted twice without a fresh write between`);
    this.entries.set(gid, mode);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
  }

  /** Removes and returns the mode that evicted `gid`, if it is still remembered. */
  pop(gid: number): EvictionMode | undefined {
    const mode = this.entries.get(gid);
    if (mode !== undefined) this.entries.delete(gid);
    return mode;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Oldest first, as plain pairs for snapshots. */
  toJSON(): [number, EvictionMode][] {
    return [...this.entries];
  }

  static fromJSON(capacity: number, entries: readonly (readonly [number, EvictionMode])[]): RecentlyEvictedRing {
    const ring = new RecentlyEvictedRing(capacity);
    assert(entries.length <= capacity, "snapshot ring within capacity");
    for (const [gid, mode] of entries) ring.entries.set(gid, mode);
    return ring;
  }
}
