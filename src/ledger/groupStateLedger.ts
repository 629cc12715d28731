import { assert } from "../errors.ts";
import type { TraceSink } from "../trace/traceEvent.ts";
import { LedgerCluster, type LedgerSnapshot } from "./ledgerCluster.ts";
import type { LedgerSettings } from "./ledgerSettings.ts";

export type { EvictionCounts, LedgerSnapshot } from "./ledgerCluster.ts";

export interface LedgerOptions extends LedgerSettings {
  /** The owner rank this ledger lives on. */
  readonly rank: number;
  readonly trace?: TraceSink | undefined;
}

/**
 * One owner rank's `group_state_ledger` (FR10 to FR12), the plan's per-rank object: a
 * view of one ledger of a LedgerCluster, which holds the state and the logic. Built
 * from options it is a lone ledger (a cluster of one); the engine's ledgers are views
 * of the cluster that the engine steps as a whole.
 */
export class GroupStateLedger {
  readonly rank: number;
  private readonly cluster: LedgerCluster;
  private readonly index: number;

  constructor(options: LedgerOptions);
  constructor(cluster: LedgerCluster, index: number);
  constructor(optionsOrCluster: LedgerOptions | LedgerCluster, index = 0) {
    if (optionsOrCluster instanceof LedgerCluster) {
      this.cluster = optionsOrCluster;
      this.index = index;
    } else {
      this.cluster = new LedgerCluster({ ...optionsOrCluster, worldSize: 1, firstRank: optionsOrCluster.rank });
      this.index = 0;
    }
    this.rank = this.cluster.rankOf(this.index);
  }

  get size(): number {
    return this.cluster.sizeOf(this.index);
  }

  /** Cumulative sweeps and wipes; not drained (the pre-existing `ledger_wipe_count`). */
  get wipeCount(): number {
    return this.cluster.wipeCountOf(this.index);
  }

  has(gid: number): boolean {
    return this.lastStepOf(gid) !== undefined;
  }

  lastStepOf(gid: number): number | undefined {
    return this.owns(gid) ? this.cluster.lastStepOf(gid) : undefined;
  }

  /** Whether `gid` is in this ledger's `_recently_evicted` ring. */
  wasRecentlyEvicted(gid: number): boolean {
    return this.owns(gid) && this.cluster.wasRecentlyEvicted(gid);
  }

  /** `_maybe_wipe_ledger`: at the start of every `wipe_interval`-th step, before its stores. */
  maybeWipe(step: number): void {
    this.cluster.maybeWipe(this.index, step);
  }

  /** `_store_state` (FR11); `gid` must be one this rank owns. */
  storeState(gid: number, step: number): void {
    assert(this.owns(gid), () => `gid ${gid} is stored on its owner, not on rank ${this.rank}`);
    this.cluster.storeState(gid, step);
  }

  /** FR12: the four counters since the last drain, then reset to 0. */
  drainEvictionMetrics(): Record<string, number> {
    return this.cluster.drainEvictionMetrics(this.index);
  }

  toSnapshot(): LedgerSnapshot {
    return this.cluster.toSnapshot(this.index);
  }

  restoreSnapshot(snapshot: LedgerSnapshot): void {
    this.cluster.restoreSnapshot(this.index, snapshot);
  }

  private owns(gid: number): boolean {
    return this.cluster.ledgerOf(gid) === this.index;
  }
}
