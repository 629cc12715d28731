import { reduceLossMetrics } from "../../../../src/distributed/reduceLossMetrics.ts";
import { groupIdBases } from "../../../../src/ledger/groupIds.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS, LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../../../../src/ledger/ledgerMetricKeys.ts";
import { aggregateStepMetrics } from "../../../../src/streamMixing/aggregateStepMetrics.ts";
import { STEP_METRIC_KEYS as K, modalityKey } from "../../../../src/streamMixing/stepMetricKeys.ts";
import { sliceBounds, type StreamSpec } from "../../../../src/streamMixing/streamSpec.ts";
import type { StampedTraceEvent } from "../../../../src/engine/engine.ts";
import type { TraceHeader } from "../../../../sim/input/trace/traceHeader.ts";
import type { EvictionView, Extreme, FalseEvictionView, GroupName, ReaderView, StepExplanation } from "../../../../sim/analyse/explain/stepExplanation.ts";

interface ReaderState {
  readonly spec: StreamSpec;
  readonly sliceStart: number;
  readonly sliceEnd: number;
  readonly totalPicks: number;
  position: number;
  joinedStep: number;
  lastPickedStep: number;
}

/**
 * The test oracle for `sim explain` (sim/analyse/explain/explainStep.ts), which re-runs the
 * engine: this one rebuilds the same explanation from the trace's events alone, with a
 * second, independent model of the readers and the ledgers. A property test holds the
 * two equal over random configs, and the trace tests use it to show that a trace says
 * everything the metrics are made of.
 *
 * Rebuilds every rank's active set, read positions, join and pick steps, and every
 * ledger's eviction history, by applying the trace's events up to the end of `step`;
 * then explains that step. Pure: the trace and its header in, data out.
 */
export function reconstructStep(header: TraceHeader, events: readonly StampedTraceEvent[], step: number): StepExplanation {
  const W = header.world_size;
  const specs: StreamSpec[] = header.streams.map((s, index) => ({ index, name: s.name, modality: s.modality, modalityIndex: 0, cells: s.cells, bs: s.bs }));
  const modalities = [...new Set(header.streams.map((s) => s.modality))];
  const bases = groupIdBases(specs, W, header.ledger.group_cells);
  const ranks = Array.from({ length: W }, (_, rank) => {
    const readers = new Map<string, ReaderState>();
    for (const spec of specs) {
      const { start, end } = sliceBounds(spec.cells, rank, W);
      readers.set(spec.name, { spec, sliceStart: start, sliceEnd: end, totalPicks: Math.ceil((end - start) / spec.bs), position: start, joinedStep: 0, lastPickedStep: -1 });
    }
    return { readers, active: [] as ReaderState[], readable: [...readers.values()].some((r) => r.sliceEnd > r.sliceStart) };
  });
  const lastEviction = new Map<string, { step: number; mode: "lru" | "stale"; lastStep: number }>();
  let wipeCounts = new Array<number>(W).fill(0);
  const exhausts: { rank: number; reader: string }[] = [];
  const evictions: EvictionView[] = [];
  const falseEvictions: FalseEvictionView[] = [];
  const wipes: { rank: number; kind: "sweep" | "wipe"; removed: number }[] = [];
  const resumes: { rank: number; dropped: readonly { reader: string; remaining_cells: number }[] }[] = [];
  let resumedAt = -1;

  const groupOf = (gid: number): GroupName | undefined => {
    for (let rank = W - 1; rank >= 0; rank--) {
      const row = bases[rank] as number[];
      for (let s = specs.length - 1; s >= 0; s--) {
        if ((row[s] as number) <= gid) {
          const reader = ranks[rank]?.readers.get((specs[s] as StreamSpec).name);
          if (reader === undefined || reader.sliceEnd === reader.sliceStart) continue;
          return { reader: (specs[s] as StreamSpec).name, rank, group: gid - (row[s] as number) };
        }
      }
    }
    return undefined;
  };

  for (const event of events) {
    if (event.step > step) break;
    const now = event.step === step;
    const state = ranks[event.rank];
    switch (event.kind) {
      case "epoch_start":
        for (const reader of state!.readers.values()) reader.position = reader.sliceStart;
        break;
      case "refill": {
        const reader = state!.readers.get(event.reader)!;
        reader.joinedStep = event.step;
        state!.active.splice(event.slot, 0, reader);
        break;
      }
      case "pick":
        for (const take of event.takes) {
          const reader = state!.readers.get(take.reader)!;
          reader.position += take.cells;
          reader.lastPickedStep = event.step;
        }
        break;
      case "exhaust": {
        const reader = state!.readers.get(event.reader)!;
        reader.lastPickedStep = -1;
        state!.active.splice(state!.active.indexOf(reader), 1);
        if (now) exhausts.push({ rank: event.rank, reader: event.reader });
        break;
      }
      case "resume": {
        // The refills of a larger K came before this event; a smaller K drops the tail.
        const dropped = state!.active.splice(event.num_streams_mixed);
        for (const reader of dropped) reader.position = reader.sliceStart;
        for (const reader of state!.readers.values()) reader.lastPickedStep = -1;
        for (const reader of state!.active) reader.joinedStep = event.step;
        if (resumedAt !== event.step) {
          resumedAt = event.step;
          wipeCounts = new Array<number>(W).fill(0);
          lastEviction.clear();
        }
        if (now) resumes.push({ rank: event.rank, dropped: event.dropped });
        break;
      }
      case "evict":
        lastEviction.set(`${event.rank}:${event.gid}`, { step: event.step, mode: event.mode, lastStep: event.last_step });
        if (now) evictions.push(withGroup({ rank: event.rank, gid: event.gid, mode: event.mode, lastStep: event.last_step }, groupOf(event.gid)));
        break;
      case "false_evict":
        if (now) {
          const earlier = lastEviction.get(`${event.rank}:${event.gid}`);
          falseEvictions.push(
            withGroup(
              { rank: event.rank, gid: event.gid, mode: event.mode, ...(earlier ? { evictedAtStep: earlier.step, lastStepBeforeEviction: earlier.lastStep } : {}) },
              groupOf(event.gid),
            ),
          );
        }
        break;
      case "sweep":
      case "wipe":
        wipeCounts[event.rank] = (wipeCounts[event.rank] as number) + 1;
        if (event.kind === "wipe") {
          // A full wipe clears the ring too: nothing it removed can be falsely evicted later.
          for (const key of [...lastEviction.keys()]) if (key.startsWith(`${event.rank}:`)) lastEviction.delete(key);
        }
        if (now) wipes.push({ rank: event.rank, kind: event.kind, removed: event.removed });
        break;
      case "store":
        break;
    }
  }

  const active: ReaderView[] = [];
  const streamLocals: Record<string, number>[] = [];
  ranks.forEach((state, rank) => {
    const exhaustCount = exhausts.filter((e) => e.rank === rank).length;
    if (!state.readable) {
      streamLocals.push({});
      return;
    }
    const views = state.active.map((r): ReaderView => {
      const remainingPicks = Math.ceil((r.sliceEnd - r.position) / r.spec.bs);
      return {
        rank,
        reader: r.spec.name,
        modality: r.spec.modality,
        remainingPicks,
        totalPicks: r.totalPicks,
        remainingFraction: remainingPicks / r.totalPicks,
        stepsSincePick: step - (r.lastPickedStep >= 0 ? r.lastPickedStep : r.joinedStep),
        lastPickedStep: r.lastPickedStep >= 0 ? r.lastPickedStep : null,
        joinedStep: r.joinedStep,
      };
    });
    active.push(...views);
    const local: Record<string, number> = {};
    if (views.length > 0) {
      local[K.remainingMin] = Math.min(...views.map((v) => v.remainingPicks));
      local[K.remainingMax] = Math.max(...views.map((v) => v.remainingPicks));
      local[K.remainingFractionMin] = Math.min(...views.map((v) => v.remainingFraction));
      local[K.remainingFractionMax] = Math.max(...views.map((v) => v.remainingFraction));
      local[K.stepsSincePickMax] = Math.max(...views.map((v) => v.stepsSincePick));
      for (const m of modalities) {
        const count = views.filter((v) => v.modality === m).length;
        if (count > 0) local[modalityKey(m)] = count;
      }
    }
    local[K.exhaustEvents] = exhaustCount;
    streamLocals.push(local);
  });
  const ledgerLocals = wipeCounts.map((wipeCount, rank) => {
    const count = (list: readonly { rank: number; mode: string }[], mode: string): number => list.filter((e) => e.rank === rank && e.mode === mode).length;
    return {
      [EVICTION_KEYS.lru]: count(evictions, "lru"),
      [EVICTION_KEYS.stale]: count(evictions, "stale"),
      [FALSE_EVICTION_KEYS.lru]: count(falseEvictions, "lru"),
      [FALSE_EVICTION_KEYS.stale]: count(falseEvictions, "stale"),
      [WIPE_COUNT_KEY]: wipeCount,
    };
  });
  const reconstructed = {
    ...aggregateStepMetrics(streamLocals, modalities),
    ...reduceLossMetrics(ledgerLocals, { sumKeys: LEDGER_SUM_KEYS }),
  };

  const extreme = (value: (v: ReaderView) => number, pick: "min" | "max"): Extreme | undefined => {
    if (active.length === 0) return undefined;
    const values = active.map(value);
    const best = pick === "min" ? Math.min(...values) : Math.max(...values);
    return { value: best, readers: active.filter((v) => value(v) === best) };
  };
  const result: StepExplanation = {
    step,
    active,
    modalities: modalities.map((modality) => ({ modality, readers: active.filter((v) => v.modality === modality) })).filter((m) => m.readers.length > 0),
    exhausts,
    evictions,
    falseEvictions,
    wipes,
    wipeCounts,
    resumes,
    values: reconstructed,
  };
  const extremes = {
    stepsSincePickMax: extreme((v) => v.stepsSincePick, "max"),
    remainingMin: extreme((v) => v.remainingPicks, "min"),
    remainingMax: extreme((v) => v.remainingPicks, "max"),
    fractionMin: extreme((v) => v.remainingFraction, "min"),
    fractionMax: extreme((v) => v.remainingFraction, "max"),
  };
  return active.length === 0 ? result : { ...result, ...(extremes as Required<typeof extremes>) };
}

function withGroup<T extends object>(view: T, group: GroupName | undefined): T & { group?: GroupName } {
  return group === undefined ? view : { ...view, group };
}
