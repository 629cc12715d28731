import type { StampedTraceEvent } from "../../../src/engine/engine.ts";
import { EXHAUST_EVENTS_KEY, MODALITY_KEY_PREFIX, modalityKey } from "../../../src/streamMixing/stepMetricKeys.ts";
import { sliceBounds } from "../../../src/streamMixing/streamSpec.ts";
import { type Invariant, type InvariantContext, numStreamsMixedAt } from "./invariant.ts";

/** One rank's dataset as its trace events tell it. */
interface RankView {
  epoch: number;
  pool: string[];
  poolHead: number;
  active: string[];
  exhaustedThisEpoch: Set<string>;
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
 * - a modeled resume keeps the head K of the active list and reports the rest as dropped;
 * - at the end of every step, each rank's modality counts are its active set's, and its
 *   exhaust delta is the number of its exhaust events in the step.
 */
export function activeSetFollowsTrace(context: InvariantContext): Invariant {
  const { model, streams } = context;
  const worldSize = model.world_size;
  const byName = new Map(streams.streams.map((s) => [s.name, s]));
  const readable = Array.from({ length: worldSize }, (_, rank) =>
    streams.streams.filter((s) => {
      const { start, end } = sliceBounds(s.cells, rank, worldSize);
      return end > start;
    }).map((s) => s.name),
  );
  const views: RankView[] = readable.map(() => ({ epoch: 0, pool: [], poolHead: 0, active: [], exhaustedThisEpoch: new Set(), droppedAtResume: undefined }));

  const apply = (event: StampedTraceEvent, k: number, exhausts: number[]): string | undefined => {
    const view = views[event.rank];
    const at = (): string => `step ${event.step} rank ${event.rank}`;
    if (view === undefined) return `${at()}: a ${event.kind} event names rank ${event.rank}, outside the world of ${worldSize}`;
    switch (event.kind) {
      case "epoch_start": {
        if (view.active.length > 0) return `${at()}: epoch ${event.epoch} starts while ${view.active.length} reader(s) are still active`;
        if (event.epoch !== view.epoch + 1) return `${at()}: epoch ${event.epoch} follows epoch ${view.epoch}`;
        const expected = [...(readable[event.rank] as string[])].sort();
        if (JSON.stringify([...event.pool].sort()) !== JSON.stringify(expected)) return `${at()}: epoch ${event.epoch}'s pool ${JSON.stringify(event.pool)} is not the rank's non-empty slices ${JSON.stringify(expected)}`;
        Object.assign(view, { epoch: event.epoch, pool: [...event.pool], poolHead: 0, exhaustedThisEpoch: new Set<string>() });
        return undefined;
      }
      case "refill": {
        const head = view.pool[view.poolHead];
        if (event.reader !== head) return `${at()}: ${event.reader} joins, but the head of the pool is ${String(head)}`;
        if (event.slot > view.active.length) return `${at()}: ${event.reader} joins slot ${event.slot} of an active set of ${view.active.length}`;
        view.poolHead++;
        view.active.splice(event.slot, 0, event.reader);
        if (view.active.length > k) return `${at()}: ${view.active.length} active readers > K = ${k}`;
        return undefined;
      }
      case "exhaust": {
        const slot = view.active.indexOf(event.reader);
        if (slot < 0) return `${at()}: ${event.reader} exhausts but is not active`;
        if (view.exhaustedThisEpoch.has(event.reader)) return `${at()}: ${event.reader} exhausts a second time in epoch ${view.epoch}`;
        view.exhaustedThisEpoch.add(event.reader);
        view.active.splice(slot, 1);
        exhausts[event.rank] = (exhausts[event.rank] ?? 0) + 1;
        return undefined;
      }
      case "pick": {
        if (!view.active.includes(event.reader)) return `${at()}: picks ${event.reader}, which is not active`;
        const picked = byName.get(event.reader);
        if (picked === undefined) return `${at()}: picks ${event.reader}, which is no stream of the run`;
        let cells = 0;
        for (const take of event.takes) {
          const stream = byName.get(take.reader);
          if (!view.active.includes(take.reader) || stream === undefined) return `${at()}: the batch takes from ${take.reader}, which is not active`;
          if (!(take.cells > 0)) return `${at()}: the batch takes ${take.cells} cells from ${take.reader}`;
          if (model.dataset.batching_mode === "per_stream" && take.reader !== event.reader) return `${at()}: a per_stream batch of ${event.reader} takes from ${take.reader}`;
          if (stream.modality !== picked.modality) return `${at()}: a batch of modality ${picked.modality} takes from ${take.reader} (${stream.modality})`;
          cells += take.cells;
        }
        if (event.takes.length === 0 || cells > picked.bs) return `${at()}: the batch of ${event.reader} takes ${cells} cells; expected 1 to bs = ${picked.bs}`;
        return undefined;
      }
      case "resume": {
        const dropped = event.dropped.map((d) => d.reader);
        if (JSON.stringify(dropped) !== JSON.stringify(view.droppedAtResume ?? [])) {
          return `${at()}: the resume reports ${JSON.stringify(dropped)} dropped; the saved active list past K = ${event.num_streams_mixed} is ${JSON.stringify(view.droppedAtResume ?? [])}`;
        }
        view.droppedAtResume = undefined;
        return undefined;
      }
      default:
        return undefined;
    }
  };

  return {
    id: "active-set-follows-trace",
    observe: (step) => {
      const now = step.row.step;
      const k = numStreamsMixedAt(model, now);
      if (model.resume !== undefined && now === model.resume.at_step) {
        for (const view of views) {
          view.droppedAtResume = view.active.slice(k);
          view.active = view.active.slice(0, k);
        }
      }
      const exhausts: number[] = views.map(() => 0);
      for (const event of step.events) {
        const problem = apply(event, k, exhausts);
        if (problem !== undefined) return problem;
      }
      for (const local of step.perRank) {
        const view = views[local.rank] as RankView;
        const at = `step ${now} rank ${local.rank}`;
        if ((local[EXHAUST_EVENTS_KEY] ?? 0) !== exhausts[local.rank]) {
          return `${at}: ${EXHAUST_EVENTS_KEY} = ${String(local[EXHAUST_EVENTS_KEY])}, but the trace has ${exhausts[local.rank]} exhaust event(s)`;
        }
        const counts: Record<string, number> = {};
        for (const name of view.active) {
          const key = modalityKey((byName.get(name) as { modality: string }).modality);
          counts[key] = (counts[key] ?? 0) + 1;
        }
        const keys = new Set([...Object.keys(counts), ...Object.keys(local).filter((key) => key.startsWith(MODALITY_KEY_PREFIX))]);
        for (const key of [...keys].sort()) {
          if (local[key] !== counts[key]) return `${at}: ${key} = ${String(local[key])}, but the active set rebuilt from the trace holds ${counts[key] ?? 0} (${JSON.stringify(view.active)})`;
        }
      }
      return undefined;
    },
  };
}
