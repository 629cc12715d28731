import type { ModelConfig } from "../../../../src/config/modelConfig.ts";
import type { PerRankRow, StampedTraceEvent } from "../../../../src/engine/engine.ts";
import { EXHAUST_EVENTS_KEY, MODALITY_KEY_PREFIX, modalityKey } from "../../../../src/streamMixing/stepMetricKeys.ts";
import { sliceBounds, type StreamSpec } from "../../../../src/streamMixing/streamSpec.ts";
import type { RecordedStep } from "../recordRun.ts";
import { ACTIVE_SET_KEYS, type ReaderMeasure } from "./activeSetKeys.ts";
import { type Invariant, type InvariantContext, numStreamsMixedAt } from "./invariant.ts";

/** One rank's dataset as its trace events tell it. */
interface RankView {
  epoch: number;
  pool: string[];
  poolHead: number;
  active: string[];
  exhaustedThisEpoch: Set<string>;
  /** Cells read so far this epoch, by reader. */
  readCells: Map<string, number>;
  /** The step a reader last joined the active set, and the step it was last picked (until it leaves). */
  joinedStep: Map<string, number>;
  lastPickedStep: Map<string, number>;
  /** The readers a modeled resume must report as dropped (the saved active list past the new K). */
  droppedAtResume: string[] | undefined;
}

/**
 * Rebuilds every rank's active set from the trace alone and holds the rows to it
 * (model.md, "Epochs, the pool and the active set" and "Exhaust and refill"):
 * - an epoch starts only when the active set is empty, its number goes up by one, and
 *   its pool holds exactly the rank's non-empty slices;
 * - readers join from the head of the pool, into a slot that exists, and never beyond K;
 * - a batch picks an active reader; per_stream reads that reader only, packing reads
 *   only active readers of the picked reader's modality; a batch is at most the picked
 *   reader's bs and every take has cells;
 * - only an active reader exhausts, at most once per epoch;
 * - every rank's pool of an epoch orders the streams it shares with another rank's alike;
 * - a modeled resume keeps the head K of the active list and reports the rest as
 *   dropped, and a rank that dropped readers logs one INFO line naming them (FR9);
 * - a take never reads past the slice's end, and a reader exhausts exactly at its end;
 * - at the end of every step, each rank's modality counts are its active set's, its
 *   exhaust delta is the number of its exhaust events in the step, and its remaining
 *   picks, fractions and steps since pick are those of the rebuilt active set (positions
 *   from the takes, joins from the refills and the resume, picks from the takes).
 */
export function activeSetFollowsTrace(context: InvariantContext): Invariant {
  const rebuild = new ActiveSetRebuild(context);
  return { id: "active-set-follows-trace", observe: (step) => rebuild.observe(step) };
}

type EventOf<K extends StampedTraceEvent["kind"]> = Extract<StampedTraceEvent, { kind: K }>;

function where(event: StampedTraceEvent): string {
  return `step ${event.step} rank ${event.rank}`;
}

/** Every rank's dataset rebuilt from the trace, step by step, and each step's rows held to it. */
class ActiveSetRebuild {
  private readonly model: ModelConfig;
  private readonly worldSize: number;
  private readonly byName: ReadonlyMap<string, StreamSpec>;
  /** Per rank, the streams whose slice on that rank is not empty. */
  private readonly readable: readonly string[][];
  private readonly epochPools = new Map<number, string[][]>();
  private readonly views: RankView[];

  constructor({ model, streams }: InvariantContext) {
    this.model = model;
    this.worldSize = model.world_size;
    this.byName = new Map(streams.streams.map((s) => [s.name, s]));
    this.readable = Array.from({ length: this.worldSize }, (_, rank) =>
      streams.streams
        .filter((s) => {
          const { start, end } = sliceBounds(s.cells, rank, this.worldSize);
          return end > start;
        })
        .map((s) => s.name),
    );
    this.views = this.readable.map(() => ({
      epoch: 0,
      pool: [],
      poolHead: 0,
      active: [],
      exhaustedThisEpoch: new Set(),
      readCells: new Map(),
      joinedStep: new Map(),
      lastPickedStep: new Map(),
      droppedAtResume: undefined,
    }));
  }

  observe(step: RecordedStep): string | undefined {
    const now = step.row.step;
    const k = numStreamsMixedAt(this.model, now);
    if (this.model.resume !== undefined && now === this.model.resume.at_step) {
      const problem = this.resume(step, now, k);
      if (problem !== undefined) return problem;
    }
    const exhausts: number[] = this.views.map(() => 0);
    for (const event of step.events) {
      const problem = this.apply(event, k, exhausts);
      if (problem !== undefined) return problem;
    }
    for (const local of step.perRank) {
      const problem = this.checkRank(local, now, exhausts);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  private sliceCells(rank: number, name: string): number {
    const { start, end } = sliceBounds((this.byName.get(name) as { cells: number }).cells, rank, this.worldSize);
    return end - start;
  }

  private remainingCells(rank: number, name: string): number {
    return this.sliceCells(rank, name) - ((this.views[rank] as RankView).readCells.get(name) ?? 0);
  }

  /** A modeled resume keeps the head K of every active list, and each rank that dropped readers logs one INFO line naming them (FR9). */
  private resume(step: RecordedStep, now: number, k: number): string | undefined {
    for (const view of this.views) {
      view.droppedAtResume = view.active.slice(k);
      view.active = view.active.slice(0, k);
      view.lastPickedStep.clear();
      for (const name of view.active) view.joinedStep.set(name, now);
    }
    // FR9: one INFO line per rank that dropped readers, naming each; none elsewhere.
    for (const [rank, view] of this.views.entries()) {
      const lines = step.logs.filter((line) => line.rank === rank);
      const dropped = view.droppedAtResume ?? [];
      if (lines.length !== (dropped.length > 0 ? 1 : 0))
        return `step ${now} rank ${rank}: the resume dropped ${dropped.length} reader(s) and logged ${lines.length} line(s); expected ${dropped.length > 0 ? 1 : 0}`;
      const line = lines[0];
      if (line !== undefined && (line.level !== "INFO" || dropped.some((name) => !line.message.includes(name))))
        return `step ${now} rank ${rank}: the resume's log line does not name every dropped reader as INFO: ${line.level} ${line.message}`;
    }
    return undefined;
  }

  private apply(event: StampedTraceEvent, k: number, exhausts: number[]): string | undefined {
    const view = this.views[event.rank];
    if (view === undefined) return `${where(event)}: a ${event.kind} event names rank ${event.rank}, outside the world of ${this.worldSize}`;
    switch (event.kind) {
      case "epoch_start":
        return this.applyEpochStart(view, event);
      case "refill":
        return applyRefill(view, event, k);
      case "exhaust":
        return this.applyExhaust(view, event, exhausts);
      case "pick":
        return this.applyPick(view, event);
      case "resume":
        return applyResume(view, event);
      default:
        return undefined;
    }
  }

  private applyEpochStart(view: RankView, event: EventOf<"epoch_start">): string | undefined {
    const at = where(event);
    if (view.active.length > 0) return `${at}: epoch ${event.epoch} starts while ${view.active.length} reader(s) are still active`;
    if (event.epoch !== view.epoch + 1) return `${at}: epoch ${event.epoch} follows epoch ${view.epoch}`;
    // The epoch's order is one permutation for every rank (model.md, "Randomness"): pools agree on the streams they share.
    const others = this.epochPools.get(event.epoch) ?? [];
    for (const other of others) {
      const shared = new Set(other.filter((name) => event.pool.includes(name)));
      const mine = event.pool.filter((name) => shared.has(name));
      const theirs = other.filter((name) => shared.has(name));
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        return `${at}: epoch ${event.epoch}'s pool orders its streams ${JSON.stringify(mine)}, another rank's ${JSON.stringify(theirs)}`;
    }
    this.epochPools.set(event.epoch, [...others, [...event.pool]]);
    const expected = [...(this.readable[event.rank] as string[])].sort();
    if (JSON.stringify([...event.pool].sort()) !== JSON.stringify(expected))
      return `${at}: epoch ${event.epoch}'s pool ${JSON.stringify(event.pool)} is not the rank's non-empty slices ${JSON.stringify(expected)}`;
    Object.assign(view, { epoch: event.epoch, pool: [...event.pool], poolHead: 0, exhaustedThisEpoch: new Set<string>(), readCells: new Map<string, number>() });
    return undefined;
  }

  private applyExhaust(view: RankView, event: EventOf<"exhaust">, exhausts: number[]): string | undefined {
    const at = where(event);
    const slot = view.active.indexOf(event.reader);
    if (slot < 0) return `${at}: ${event.reader} exhausts but is not active`;
    if (view.exhaustedThisEpoch.has(event.reader)) return `${at}: ${event.reader} exhausts a second time in epoch ${view.epoch}`;
    view.exhaustedThisEpoch.add(event.reader);
    view.active.splice(slot, 1);
    view.lastPickedStep.delete(event.reader);
    if (this.remainingCells(event.rank, event.reader) !== 0) return `${at}: ${event.reader} exhausts with ${this.remainingCells(event.rank, event.reader)} cells left`;
    exhausts[event.rank] = (exhausts[event.rank] ?? 0) + 1;
    return undefined;
  }

  private applyPick(view: RankView, event: EventOf<"pick">): string | undefined {
    const at = where(event);
    if (!view.active.includes(event.reader)) return `${at}: picks ${event.reader}, which is not active`;
    const picked = this.byName.get(event.reader);
    if (picked === undefined) return `${at}: picks ${event.reader}, which is no stream of the run`;
    let cells = 0;
    for (const take of event.takes) {
      const stream = this.byName.get(take.reader);
      if (!view.active.includes(take.reader) || stream === undefined) return `${at}: the batch takes from ${take.reader}, which is not active`;
      if (!(take.cells > 0)) return `${at}: the batch takes ${take.cells} cells from ${take.reader}`;
      if (this.model.dataset.batching_mode === "per_stream" && take.reader !== event.reader) return `${at}: a per_stream batch of ${event.reader} takes from ${take.reader}`;
      if (stream.modality !== picked.modality) return `${at}: a batch of modality ${picked.modality} takes from ${take.reader} (${stream.modality})`;
      if (take.cells > this.remainingCells(event.rank, take.reader))
        return `${at}: the batch takes ${take.cells} cells from ${take.reader}, which has ${this.remainingCells(event.rank, take.reader)} left`;
      view.readCells.set(take.reader, (view.readCells.get(take.reader) ?? 0) + take.cells);
      view.lastPickedStep.set(take.reader, event.step);
      cells += take.cells;
    }
    if (event.takes.length === 0 || cells > picked.bs) return `${at}: the batch of ${event.reader} takes ${cells} cells; expected 1 to bs = ${picked.bs}`;
    return undefined;
  }

  /** At the end of a step, one rank's row: its exhaust delta, its FR1 values and its modality counts, against the rebuilt active set. */
  private checkRank(local: PerRankRow, now: number, exhausts: readonly number[]): string | undefined {
    const view = this.views[local.rank] as RankView;
    const at = `step ${now} rank ${local.rank}`;
    if ((local[EXHAUST_EVENTS_KEY] ?? 0) !== exhausts[local.rank]) {
      return `${at}: ${EXHAUST_EVENTS_KEY} = ${String(local[EXHAUST_EVENTS_KEY])}, but the trace has ${exhausts[local.rank]} exhaust event(s)`;
    }
    if (view.active.length > 0) {
      for (const [key, value] of this.activeSetValues(view, local.rank, now)) {
        if (local[key] !== value) return `${at}: ${key} = ${String(local[key])}, but the active set rebuilt from the trace gives ${value}`;
      }
    }
    const counts: Record<string, number> = {};
    for (const name of view.active) {
      const key = modalityKey((this.byName.get(name) as { modality: string }).modality);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    const keys = new Set([...Object.keys(counts), ...Object.keys(local).filter((key) => key.startsWith(MODALITY_KEY_PREFIX))]);
    for (const key of [...keys].sort()) {
      if (local[key] !== counts[key])
        return `${at}: ${key} = ${String(local[key])}, but the active set rebuilt from the trace holds ${counts[key] ?? 0} (${JSON.stringify(view.active)})`;
    }
    return undefined;
  }

  /** FR1 at the pick site, recomputed from the rebuilt active set (model.md, "Streams, slices and readers"). */
  private activeSetValues(view: RankView, rank: number, now: number): [string, number][] {
    const bsOf = (name: string): number => (this.byName.get(name) as { bs: number }).bs;
    const picks = view.active.map((name) => Math.ceil(this.remainingCells(rank, name) / bsOf(name)));
    const measured: Record<ReaderMeasure, number[]> = {
      remainingPicks: picks,
      remainingFraction: view.active.map((name, i) => (picks[i] as number) / Math.ceil(this.sliceCells(rank, name) / bsOf(name))),
      stepsSincePick: view.active.map((name) => now - (view.lastPickedStep.get(name) ?? (view.joinedStep.get(name) as number))),
    };
    return ACTIVE_SET_KEYS.map(({ key, measure, reduction }) => [key, reduction === "min" ? Math.min(...measured[measure]) : Math.max(...measured[measure])]);
  }
}

function applyRefill(view: RankView, event: EventOf<"refill">, k: number): string | undefined {
  const at = where(event);
  const head = view.pool[view.poolHead];
  if (event.reader !== head) return `${at}: ${event.reader} joins, but the head of the pool is ${String(head)}`;
  if (event.slot > view.active.length) return `${at}: ${event.reader} joins slot ${event.slot} of an active set of ${view.active.length}`;
  view.poolHead++;
  view.active.splice(event.slot, 0, event.reader);
  view.joinedStep.set(event.reader, event.step);
  if (view.active.length > k) return `${at}: ${view.active.length} active readers > K = ${k}`;
  return undefined;
}

function applyResume(view: RankView, event: EventOf<"resume">): string | undefined {
  const dropped = event.dropped.map((d) => d.reader);
  if (JSON.stringify(dropped) !== JSON.stringify(view.droppedAtResume ?? [])) {
    return `${where(event)}: the resume reports ${JSON.stringify(dropped)} dropped; the saved active list past K = ${event.num_streams_mixed} is ${JSON.stringify(view.droppedAtResume ?? [])}`;
  }
  view.droppedAtResume = undefined;
  return undefined;
}
