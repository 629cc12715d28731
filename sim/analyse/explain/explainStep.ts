import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { Engine, type StampedTraceEvent } from "../../../src/engine/engine.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { assert } from "../../../src/errors.ts";
import { groupCount } from "../../../src/ledger/groupIds.ts";
import { stepsSincePick, type Reader } from "../../../src/streamMixing/reader.ts";
import { STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import type { Extreme, EvictionView, FalseEvictionView, GroupName, ReaderView, StepExplanation, WipeEventKind } from "./stepExplanation.ts";

/** What the re-run to the end of a step leaves: the engine there, the step's row, and what the model reported during the step. */
interface RerunToStep {
  readonly engine: Engine;
  readonly row: MetricsRow;
  readonly during: readonly StampedTraceEvent[];
  /** For each false eviction during the step, the eviction it undid (when the trace saw it). */
  readonly falseEvictionsBefore: ReadonlyMap<StampedTraceEvent, PriorEviction | undefined>;
}

interface PriorEviction {
  readonly step: number;
  readonly lastStep: number;
}

/** The events of the step, sorted by what the explanation says of each. */
type StepEvents = Pick<StepExplanation, "exhausts" | "evictions" | "falseEvictions" | "wipes" | "resumes">;

/**
 * Explains `step` of a run of `model` by re-running the engine to the end of that step
 * (as `sim replay` re-runs a run) and reading the ranks' own state: the datasets'
 * active readers, the ledgers' wipe counts, and the events the model reported during
 * the step. The metric values are the engine's row; nothing here computes a metric.
 * Each extreme lists the readers whose own value is the row's value.
 */
export function explainStep(model: ModelConfig, step: number): StepExplanation {
  const rerun = rerunToStep(model, step);
  const { step: _step, ...values } = rerun.row;
  const active = activeReaders(rerun.engine, step);
  const events = stepEvents(rerun, groupNamer(rerun.engine, model.ledger.group_cells));
  const explanation: StepExplanation = {
    step,
    active,
    modalities: rerun.engine.streams.modalities.map((modality) => ({ modality, readers: active.filter((v) => v.modality === modality) })).filter((m) => m.readers.length > 0),
    exhausts: events.exhausts,
    evictions: events.evictions,
    falseEvictions: events.falseEvictions,
    wipes: events.wipes,
    wipeCounts: rerun.engine.rankLedgers.map((ledger) => ledger.wipeCount),
    resumes: events.resumes,
    values,
  };
  return active.length === 0 ? explanation : withExtremes(explanation, step);
}

/** Runs the engine to the end of `step`, keeping the step's events and, for its false evictions, the evictions they undid. */
function rerunToStep(model: ModelConfig, step: number): RerunToStep {
  const during: StampedTraceEvent[] = [];
  // The last eviction of every (owner rank, gid): a false eviction at `step` names it.
  // The ring remembers only its latest eviction (a fresh write pops it), so the latest is the one.
  const lastEviction = new Map<string, PriorEviction>();
  const falseEvictionsBefore = new Map<StampedTraceEvent, PriorEviction | undefined>();
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
  return { engine, row, during, falseEvictionsBefore };
}

/** Every rank's active readers at the end of `step`, as the explanation shows them. */
function activeReaders(engine: Engine, step: number): ReaderView[] {
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
  return active;
}

/** The step's exhausts, evictions (with their groups), false evictions (with the eviction they undid), sweeps and wipes, and resumes. */
function stepEvents(rerun: RerunToStep, groupOf: (gid: number) => GroupName | undefined): StepEvents {
  const exhausts: { rank: number; reader: string }[] = [];
  const evictions: EvictionView[] = [];
  const falseEvictions: FalseEvictionView[] = [];
  const wipes: { rank: number; kind: WipeEventKind; removed: number }[] = [];
  const resumes: StepEvents["resumes"][number][] = [];
  for (const event of rerun.during) {
    switch (event.kind) {
      case "exhaust":
        exhausts.push({ rank: event.rank, reader: event.reader });
        break;
      case "evict":
        evictions.push(withGroup({ rank: event.rank, gid: event.gid, mode: event.mode, lastStep: event.last_step }, groupOf(event.gid)));
        break;
      case "false_evict": {
        const earlier = rerun.falseEvictionsBefore.get(event);
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
  return { exhausts, evictions, falseEvictions, wipes, resumes };
}

/** The explanation with each active-set extreme: the row's value and the readers whose own value it is. */
function withExtremes(explanation: StepExplanation, step: number): StepExplanation {
  const { values, active } = explanation;
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
