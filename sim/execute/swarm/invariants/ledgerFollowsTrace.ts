import type { ModelConfig } from "../../../../src/config/modelConfig.ts";
import type { PerRankRow, StampedTraceEvent } from "../../../../src/engine/engine.ts";
import type { EvictionMode } from "../../../../src/ledger/evictionMode.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS } from "../../../../src/ledger/ledgerMetricKeys.ts";
import type { Invariant, InvariantContext } from "./invariant.ts";

/** One owner rank's ledger as its trace events tell it. */
interface LedgerView {
  /** gid -> last step, least recently used first (a store moves its gid to the end). */
  entries: Map<number, number>;
  /** The recently-evicted ring: gid -> mode, oldest first, at most recently_evicted_capacity entries. */
  ring: Map<number, EvictionMode>;
  /** The gid and mode of a false eviction reported just before its store, until that store. */
  pendingFalseEviction: { gid: number; mode: EvictionMode } | undefined;
  staleEvictsSinceSweep: number;
}

type Counts = Record<string, number>;

/**
 * Rebuilds every owner rank's ledger from the trace and holds the rows to it (model.md,
 * "The group-state ledger"):
 * - a store goes to the gid's owner (`gid mod W`); it is fresh exactly when the gid is not
 *   in the ledger, and names the entry's previous step otherwise;
 * - an LRU eviction takes the least recently used entry, and only while the ledger is
 *   over capacity; a stale eviction takes an entry untouched for more than
 *   `stale_threshold` steps, on the wipe cadence, with periodic_stale only;
 * - a sweep reports as removed the stale evictions it made; a full wipe removes every
 *   entry, on the cadence, with periodic_full only, and forgets what was evicted;
 * - the recently-evicted ring is a FIFO of the last `recently_evicted_capacity`
 *   evictions (with their modes), emptied by a full wipe and a resume; a fresh store pops
 *   its gid. A false eviction is reported, just before its store, exactly for a fresh
 *   store of a gid the ring holds, with the mode the ring holds;
 * - a modeled resume starts every ledger empty;
 * - at the end of every step each ledger holds at most `capacity` entries, and each rank's
 *   four counters equal its eviction and false-eviction events of the step.
 */
export function ledgerFollowsTrace(context: InvariantContext): Invariant {
  const { model } = context;
  const worldSize = model.world_size;
  const build = (): LedgerView[] => Array.from({ length: worldSize }, () => ({ entries: new Map(), ring: new Map(), pendingFalseEviction: undefined, staleEvictsSinceSweep: 0 }));
  let views = build();
  return {
    id: "ledger-follows-trace",
    observe: (step) => {
      const now = step.row.step;
      if (model.resume !== undefined && now === model.resume.at_step) views = build();
      const counts: Counts[] = views.map(() => ({}));
      for (const event of step.events) {
        const view = views[event.rank];
        if (view === undefined) return `step ${event.step} rank ${event.rank}: a ${event.kind} event names rank ${event.rank}, outside the world of ${worldSize}`;
        const problem = applyEvent({ view, settings: model.ledger, worldSize, counts: counts[event.rank] as Counts }, event);
        if (problem !== undefined) return problem;
      }
      return checkStepEnd(views, counts, step.perRank, now, model.ledger);
    },
  };
}

type LedgerSettings = ModelConfig["ledger"];

/** What an event is checked against: its rank's ledger view, the settings, and the rank's event counts of the step. */
interface EventCheck {
  readonly view: LedgerView;
  readonly settings: LedgerSettings;
  readonly worldSize: number;
  readonly counts: Counts;
}

type EventOf<K extends StampedTraceEvent["kind"]> = Extract<StampedTraceEvent, { kind: K }>;

/** Applies one event to its rank's view; a problem when the event contradicts the ledger as rebuilt so far. */
function applyEvent(check: EventCheck, event: StampedTraceEvent): string | undefined {
  switch (event.kind) {
    case "store":
      return applyStore(check, event);
    case "evict":
      return applyEvict(check, event);
    case "false_evict":
      return applyFalseEvict(check, event);
    case "sweep":
    case "wipe":
      return applyWipe(check, event);
    default:
      return undefined;
  }
}

function where(event: StampedTraceEvent): string {
  return `step ${event.step} rank ${event.rank}`;
}

function onCadence(event: StampedTraceEvent, settings: LedgerSettings): boolean {
  return event.step % (settings.wipe_interval ?? 1) === 0;
}

function applyStore({ view, worldSize }: EventCheck, event: EventOf<"store">): string | undefined {
  const at = where(event);
  if (event.gid % worldSize !== event.rank) return `${at}: gid ${event.gid} is stored on rank ${event.rank}, not its owner ${event.gid % worldSize}`;
  const prev = view.entries.get(event.gid);
  if (event.fresh !== (prev === undefined))
    return `${at}: the store of gid ${event.gid} says fresh = ${event.fresh}, but the gid is ${prev === undefined ? "not " : ""}in the ledger`;
  if (event.prev_step !== (prev ?? null)) return `${at}: the store of gid ${event.gid} names previous step ${String(event.prev_step)}, but the ledger has ${String(prev ?? null)}`;
  const pending = view.pendingFalseEviction;
  view.pendingFalseEviction = undefined;
  if (pending !== undefined && pending.gid !== event.gid) return `${at}: a false eviction of gid ${pending.gid} is followed by a store of gid ${event.gid}`;
  if (event.fresh) {
    const remembered = view.ring.get(event.gid);
    if (remembered !== undefined && pending === undefined)
      return `${at}: the fresh store of gid ${event.gid}, which the ring remembers evicting (${remembered}), is not reported as a false eviction`;
    view.ring.delete(event.gid);
  }
  view.entries.delete(event.gid);
  view.entries.set(event.gid, event.step);
  return undefined;
}

function applyEvict({ view, settings, counts }: EventCheck, event: EventOf<"evict">): string | undefined {
  const at = where(event);
  const last = view.entries.get(event.gid);
  if (last === undefined || last !== event.last_step)
    return `${at}: evicts gid ${event.gid} (last step ${event.last_step}), which the ledger holds ${last === undefined ? "not at all" : `with last step ${last}`}`;
  if (event.mode === "lru") {
    if (view.entries.size <= settings.capacity) return `${at}: an LRU eviction of gid ${event.gid} with ${view.entries.size} entries, not over capacity ${settings.capacity}`;
    const oldest = view.entries.keys().next().value;
    if (oldest !== event.gid) return `${at}: LRU evicts gid ${event.gid}, but the least recently used is gid ${String(oldest)}`;
  } else {
    if (settings.wipe_mode !== "periodic_stale" || !onCadence(event, settings)) return `${at}: a stale eviction off the periodic_stale cadence`;
    if (!(event.step - last > (settings.stale_threshold ?? 0)))
      return `${at}: a stale eviction of gid ${event.gid} untouched for only ${event.step - last} step(s) (threshold ${String(settings.stale_threshold)})`;
    view.staleEvictsSinceSweep++;
  }
  view.entries.delete(event.gid);
  view.ring.set(event.gid, event.mode);
  if (view.ring.size > settings.recently_evicted_capacity) view.ring.delete(view.ring.keys().next().value as number);
  countEvent(counts, EVICTION_KEYS[event.mode]);
  return undefined;
}

function applyFalseEvict({ view, settings, counts }: EventCheck, event: EventOf<"false_evict">): string | undefined {
  const at = where(event);
  if (view.entries.has(event.gid)) return `${at}: a false eviction of gid ${event.gid}, which is in the ledger`;
  if (view.ring.get(event.gid) !== event.mode)
    return `${at}: a ${event.mode} false eviction of gid ${event.gid}, which the ring (the last ${settings.recently_evicted_capacity} evictions since the last full wipe) does not hold with that mode`;
  view.pendingFalseEviction = { gid: event.gid, mode: event.mode };
  countEvent(counts, FALSE_EVICTION_KEYS[event.mode]);
  return undefined;
}

function applyWipe({ view, settings }: EventCheck, event: EventOf<"sweep" | "wipe">): string | undefined {
  const at = where(event);
  if (event.kind === "sweep") {
    if (settings.wipe_mode !== "periodic_stale" || !onCadence(event, settings)) return `${at}: a stale sweep off the periodic_stale cadence`;
    if (event.removed !== view.staleEvictsSinceSweep) return `${at}: the sweep reports ${event.removed} removed, but made ${view.staleEvictsSinceSweep} stale eviction(s)`;
    view.staleEvictsSinceSweep = 0;
    return undefined;
  }
  if (settings.wipe_mode !== "periodic_full" || !onCadence(event, settings)) return `${at}: a full wipe off the periodic_full cadence`;
  if (event.removed !== view.entries.size) return `${at}: the wipe reports ${event.removed} removed, but the ledger held ${view.entries.size}`;
  view.entries.clear();
  view.ring.clear();
  return undefined;
}

function countEvent(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** At the end of a step: no false eviction without its store, every ledger within capacity, and each rank's counters equal to its events. */
function checkStepEnd(views: readonly LedgerView[], counts: readonly Counts[], perRank: readonly PerRankRow[], now: number, settings: LedgerSettings): string | undefined {
  for (const local of perRank) {
    const view = views[local.rank] as LedgerView;
    const at = `step ${now} rank ${local.rank}`;
    if (view.pendingFalseEviction !== undefined) return `${at}: a false eviction of gid ${view.pendingFalseEviction.gid} without its store`;
    if (view.entries.size > settings.capacity) return `${at}: the ledger holds ${view.entries.size} entries after the step, over capacity ${settings.capacity}`;
    for (const key of [...Object.values(EVICTION_KEYS), ...Object.values(FALSE_EVICTION_KEYS)]) {
      if (local[key] !== ((counts[local.rank] as Counts)[key] ?? 0))
        return `${at}: ${key} = ${String(local[key])}, but the trace has ${(counts[local.rank] as Counts)[key] ?? 0} such event(s)`;
    }
  }
  return undefined;
}
