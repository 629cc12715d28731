import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Engine, type StampedTraceEvent } from "../../src/engine/engine.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { assert } from "../../src/errors.ts";
import { groupCount } from "../../src/ledger/groupIds.ts";
import { stepsSincePick, type Reader } from "../../src/streamMixing/reader.ts";
import { STEP_METRIC_KEYS as K } from "../../src/streamMixing/stepMetricKeys.ts";
import type { Extreme, EvictionView, FalseEvictionView, GroupName, ReaderView, StepExplanation, WipeEventKind } from "./stepExplanation.ts";

/**
 * Explains `step` of a run of `model` by re-running the engine to the end of that step
 * (as `sim replay` re-runs a run) and reading the ranks' own state: the datasets'
 * active readers, the ledgers' wipe counts, and the events the model reported during
 * the step. The metric values are the engine's row; nothing here computes a metric.
 * Each extreme lists the readers whose own value is the row's value.
 */
export function explainStep(model: ModelConfig, step: number): StepExplanation {
  const during: StampedTraceEvent[] = [];
  // The last eviction of every (owner rank, gid): a false eviction at `step` names it.
  // The ring remembers only its latest eviction (a fresh write pops it), so the latest is the one.
  const lastEviction = new Map<string, { step: number; lastStep: number }>();
  const falseEvictionsBefore = new Map<StampedTraceEvent, { step: number; lastStep: number } | undefined>();
  const engine = new Engine(model, {
    trace: (event) => {
      if (event.step === step) {
        during.push(event);
        if (event.kind === "false_evict") falseEvictionsBefore.set(event, lastEviction.get(`${event.rank}:${event.gid}`));
      }
      if (event.kind === "evict") lastEviction.set(`${event.rank}:${event.gid}`, { step: event.step, lastStep: event.last_step });
    },
  });
  let row: MetricsRow | undefined;
  while (engine.step < step) row = engine.runStep().row;
  assert(row !== undefined, "explainStep runs at least one step");
  const { step: _step, ...values } = row;

  const active: ReaderView[] = [];
  engine.rankDatasets.forEach((dataset, rank) => {
    for (const reader of dataset.active) {
      const lastPicked = reader.lastPickedStep;
      active.push({
        rank,
        reader: reader.stream.name,
        modality: reader.stream.modality,
        remainingPicks: reader.remainingPicks,
        totalPicks: reader.totalPicks,
        remainingFraction: reader.remainingFraction,
        stepsSincePick: stepsSincePick(step, lastPicked, reader.joinedStep),
        lastPickedStep: lastPicked >= 0 ? lastPicked : null,
        joinedStep: reader.joinedStep,
      });
    }
  });

  const groupOf = groupNamer(engine, model.ledger.group_cells);
  const evictions: EvictionView[] = [];
  const falseEvictions: FalseEvictionView[] = [];
  const exhausts: { rank: number; reader: string }[] = [];
  const wipes: { rank: number; kind: WipeEventKind; removed: number }[] = [];
  const resumes: { rank: number; dropped: readonly { reader: string; remaining_cells: number }[] }[] = [];
  for (const event of during) {
    switch (event.kind) {
      case "exhaust":
        exhausts.push({ rank: event.rank, reader: event.reader });
        break;
      case "evict":
        evictions.push(withGroup({ rank: event.rank, gid: event.gid, mode: event.mode, lastStep: event.last_step }, groupOf(event.gid)));
        break;
      case "false_evict": {
        const earlier = falseEvictionsBefore.get(event);
        const when = earlier === undefined ? {} : { evictedAtStep: earlier.step, lastStepBeforeEviction: earlier.lastStep };
        falseEvictions.push(withGroup({ rank: event.rank, gid: event.gid, mode: event.mode, ...when }, groupOf(event.gid)));
        break;
      }
      case "sweep":
      case "wipe":
        wipes.push({ rank: event.rank, kind: event.kind, removed: event.removed });
        break;
      case "resume":
        resumes.push({ rank: event.rank, dropped: event.dropped });
        break;
      case "epoch_start":
      case "refill":
      case "pick":
      case "store":
        break;
    }
  }

  const explanation: StepExplanation = {
    step,
    active,
    modalities: engine.streams.modalities.map((modality) => ({ modality, readers: active.filter((v) => v.modality === modality) })).filter((m) => m.readers.length > 0),
    exhausts,
    evictions,
    falseEvictions,
    wipes,
    wipeCounts: engine.rankLedgers.map((ledger) => ledger.wipeCount),
    resumes,
    values,
  };
  if (active.length === 0) return explanation;
  const extreme = (key: string, value: (v: ReaderView) => number): Extreme => {
    const target = values[key];
    assert(target !== undefined, () => `the row of step ${step} has ${key} while readers are active`);
    return { value: target, readers: active.filter((v) => value(v) === target) };
  };
  return {
    ...explanation,
    stepsSincePickMax: extreme(K.stepsSincePickMax, (v) => v.stepsSincePick),
    remainingMin: extreme(K.remainingMin, (v) => v.remainingPicks),
    remainingMax: extreme(K.remainingMax, (v) => v.remainingPicks),
    fractionMin: extreme(K.remainingFractionMin, (v) => v.remainingFraction),
    fractionMax: extreme(K.remainingFractionMax, (v) => v.remainingFraction),
  };
}

/** Names a gid by the reader slice its group belongs to, from the datasets' own readers. */
function groupNamer(engine: Engine, groupCells: number): (gid: number) => GroupName | undefined {
  const slices: { reader: Reader; rank: number; groups: number }[] = [];
  engine.rankDatasets.forEach((dataset, rank) => {
    for (const reader of dataset.readers) slices.push({ reader, rank, groups: groupCount(reader.sliceCells, groupCells) });
  });
  return (gid) => {
    const slice = slices.find((s) => gid >= s.reader.gidBase && gid < s.reader.gidBase + s.groups);
    return slice === undefined ? undefined : { reader: slice.reader.stream.name, rank: slice.rank, group: gid - slice.reader.gidBase };
  };
}

function withGroup<T extends object>(view: T, group: GroupName | undefined): T & { group?: GroupName } {
  return group === undefined ? view : { ...view, group };
}
