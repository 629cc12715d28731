import type { ModelConfig } from "../config/modelConfig.ts";
import { validateModelConfig } from "../config/validateModelConfig.ts";
import { assert } from "../errors.ts";
import { GroupStateLedger } from "../ledger/groupStateLedger.ts";
import { groupIdBases } from "../ledger/groupIds.ts";
import { ledgerSettingsOf } from "../ledger/ledgerSettings.ts";
import { LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../ledger/ledgerMetricKeys.ts";
import { reduceLossMetrics } from "../distributed/reduceLossMetrics.ts";
import { Rng } from "../rng/rng.ts";
import { aggregateStepMetrics } from "../streamMixing/aggregateStepMetrics.ts";
import { StreamMixingDataset } from "../streamMixing/dataset.ts";
import type { DatasetStateDict } from "../streamMixing/stateDict.ts";
import { StepMetricsPack } from "../streamMixing/stepMetricsPack.ts";
import { resolveStreams, type ResolvedStreams } from "../streamMixing/streamSpec.ts";
import type { LogSink, TraceEvent } from "../trace/traceEvent.ts";
import type { EngineSnapshot } from "./engineSnapshot.ts";
import { MetricsRowBuilder, type MetricsRow } from "./metricsRow.ts";

/** A model event stamped with the step it happened in. */
export type StampedTraceEvent = { readonly step: number } & TraceEvent;

/** A line the modeled system logged, stamped with its step and rank. */
export interface LogLine {
  readonly step: number;
  readonly rank: number;
  readonly level: "INFO" | "WARNING";
  readonly message: string;
}

/** Every rank's local values at one step, before any cross-rank reduction. */
export type PerRankRow = { readonly step: number; readonly rank: number } & Readonly<Record<string, number>>;

export interface EngineOptions {
  readonly trace?: (event: StampedTraceEvent) => void;
  readonly log?: (line: LogLine) => void;
  /** Populate and emit the stream_mixing metrics (off only to measure their cost). */
  readonly collectStepMetrics?: boolean;
  /** Also return every rank's local values with each step. */
  readonly perRank?: boolean;
}

export interface StepResult {
  readonly row: MetricsRow;
  readonly perRank?: readonly PerRankRow[];
}

/** The emitters of the one metrics path, as named in a duplicate-key error. */
const STREAM_MIXING_EMITTER = "stream_mixing aggregate_step_metrics";
const LOSS_EMITTER = "loss reduce_loss_metrics (ledger counters)";

/**
 * Builds W simulated ranks from a model config and steps them: the step's wipes, then
 * every rank's batches with their ledger stores routed to the owner ranks (in rank
 * order, then batch order, then group order), then the drains and the cross-rank
 * reductions into one row. Steps are counted from 1.
 */
export class Engine {
  readonly config: ModelConfig;
  readonly streams: ResolvedStreams;
  private readonly rootRng: Rng;
  private readonly gidBases: number[][];
  private datasets: StreamMixingDataset[];
  private ledgers: GroupStateLedger[];
  private currentStep = 0;
  private readonly touched: number[] = [];
  private readonly stepMetricsPack: StepMetricsPack;
  private readonly options: EngineOptions;

  constructor(config: ModelConfig, options: EngineOptions = {}) {
    validateModelConfig(config);
    this.config = config;
    this.options = options;
    this.rootRng = Rng.fromSeed(config.seed);
    this.streams = resolveStreams(config.dataset, this.rootRng.fork("cells"));
    this.stepMetricsPack = new StepMetricsPack(config.world_size, this.streams.modalities);
    this.gidBases = groupIdBases(this.streams.streams, config.world_size, config.ledger.group_cells);
    this.datasets = this.buildDatasets(config.dataset.num_streams_mixed);
    this.ledgers = this.buildLedgers();
  }

  /** Restores an engine at the end of `snapshot.step`; the next `runStep` continues from there. */
  static fromSnapshot(config: ModelConfig, snapshot: EngineSnapshot, options: EngineOptions = {}): Engine {
    const engine = new Engine(config, options);
    const resume = config.resume;
    if (resume !== undefined && snapshot.step >= resume.at_step) engine.datasets = engine.buildDatasets(resume.num_streams_mixed);
    assert(snapshot.datasets.length === config.world_size && snapshot.ledgers.length === config.world_size, "snapshot has one dataset and one ledger per rank");
    snapshot.datasets.forEach((s, rank) => engine.datasets[rank]?.restoreSnapshot(s));
    snapshot.ledgers.forEach((s, rank) => engine.ledgers[rank]?.restoreSnapshot(s));
    engine.currentStep = snapshot.step;
    return engine;
  }

  /** The last completed step (0 before the first). */
  get step(): number {
    return this.currentStep;
  }

  get worldSize(): number {
    return this.config.world_size;
  }

  /** Read-only views for tests and `sim explain`; the engine owns their state. */
  get rankDatasets(): readonly StreamMixingDataset[] {
    return this.datasets;
  }

  get rankLedgers(): readonly GroupStateLedger[] {
    return this.ledgers;
  }

  runStep(): StepResult {
    const step = ++this.currentStep;
    const { config } = this;
    const worldSize = config.world_size;
    if (config.resume !== undefined && step === config.resume.at_step) this.applyModeledResume(step);

    for (const ledger of this.ledgers) ledger.maybeWipe(step);
    const touched = this.touched;
    for (let rank = 0; rank < worldSize; rank++) {
      const dataset = this.datasets[rank] as StreamMixingDataset;
      for (let b = 0; b < config.batches_per_step; b++) {
        touched.length = 0;
        dataset.nextBatch(step, touched);
        for (let i = 0; i < touched.length; i++) {
          const gid = touched[i] as number;
          (this.ledgers[gid % worldSize] as GroupStateLedger).storeState(gid, step);
        }
      }
    }

    const row = new MetricsRowBuilder(step);
    const collect = this.options.collectStepMetrics ?? true;
    const streamLocals: Record<string, number>[] = [];
    if (collect && this.options.perRank) {
      // The per-rank view needs every rank's drained dict, so it takes the plan's path.
      for (let rank = 0; rank < worldSize; rank++) streamLocals.push((this.datasets[rank] as StreamMixingDataset).drainStepMetrics());
      row.emit(STREAM_MIXING_EMITTER, aggregateStepMetrics(streamLocals, this.streams.modalities));
    } else if (collect) {
      // The fused drain packs each rank's snapshot straight into the all-reduce vectors:
      // the same numbers as draining dicts and aggregating them, without a dict per rank
      // per step, which was the largest share of a step's time.
      let anyDrained = false;
      for (let rank = 0; rank < worldSize; rank++) {
        if ((this.datasets[rank] as StreamMixingDataset).drainStepMetricsInto(this.stepMetricsPack, rank)) anyDrained = true;
      }
      row.emit(STREAM_MIXING_EMITTER, anyDrained ? this.stepMetricsPack.reduce() : {});
    }
    // Adding the wipe count to the drained dict in place (rather than spreading it into a
    // new object) keeps the same key order without a per-rank copy on the hot path.
    const ledgerLocals: Record<string, number>[] = [];
    for (let rank = 0; rank < worldSize; rank++) {
      const ledger = this.ledgers[rank] as GroupStateLedger;
      const local = ledger.drainEvictionMetrics();
      local[WIPE_COUNT_KEY] = ledger.wipeCount;
      ledgerLocals.push(local);
    }
    row.emit(LOSS_EMITTER, reduceLossMetrics(ledgerLocals, { sumKeys: LEDGER_SUM_KEYS }));

    const result: StepResult = { row: row.finish() };
    if (this.options.perRank) {
      return {
        ...result,
        perRank: ledgerLocals.map((ledgerLocal, rank) => {
          const local = new MetricsRowBuilder(step);
          local.emit("dataset drain_step_metrics", streamLocals[rank] ?? {});
          local.emit("ledger drain_eviction_metrics", ledgerLocal);
          const { step: _step, ...values } = local.finish();
          return { step, rank, ...values };
        }),
      };
    }
    return result;
  }

  toSnapshot(): EngineSnapshot {
    return {
      step: this.currentStep,
      datasets: this.datasets.map((d) => d.toSnapshot()),
      ledgers: this.ledgers.map((l) => l.toSnapshot()),
    };
  }

  /**
   * The modeled training resume (model.md): every rank's dataset state goes through
   * JSON into a dataset built with the resumed K; the ledgers, which are not
   * checkpointed, start empty.
   */
  private applyModeledResume(step: number): void {
    const resume = this.config.resume;
    assert(resume !== undefined, "a modeled resume is configured");
    const states = this.datasets.map((d) => JSON.parse(JSON.stringify(d.stateDict())) as DatasetStateDict);
    this.datasets = this.buildDatasets(resume.num_streams_mixed);
    this.datasets.forEach((dataset, rank) => {
      const dropped = dataset.loadStateDict(states[rank] as DatasetStateDict, step);
      this.options.trace?.({ step, kind: "resume", rank, num_streams_mixed: resume.num_streams_mixed, dropped });
    });
    this.ledgers = this.buildLedgers();
  }

  private buildDatasets(numStreamsMixed: number): StreamMixingDataset[] {
    const { config } = this;
    return Array.from(
      { length: config.world_size },
      (_, rank) =>
        new StreamMixingDataset({
          streams: this.streams.streams,
          modalities: this.streams.modalities,
          rank,
          worldSize: config.world_size,
          numStreamsMixed,
          batchingMode: config.dataset.batching_mode,
          pickWeighting: config.dataset.pick_weighting,
          rootRng: this.rootRng,
          gidBases: this.gidBases[rank] as number[],
          groupCells: config.ledger.group_cells,
          collectStepMetrics: this.options.collectStepMetrics ?? true,
          trace: this.stampedTrace(),
          log: this.rankLog(rank),
        }),
    );
  }

  private buildLedgers(): GroupStateLedger[] {
    const settings = ledgerSettingsOf(this.config.ledger);
    // Spelled out rather than spread: a ledger reads its options on every store, and the
    // object a spread builds made the bench about 5% slower (A/B, in one process).
    return Array.from(
      { length: this.config.world_size },
      (_, rank) =>
        new GroupStateLedger({
          rank,
          capacity: settings.capacity,
          wipeMode: settings.wipeMode,
          wipeIntervalSteps: settings.wipeIntervalSteps,
          staleThresholdSteps: settings.staleThresholdSteps,
          recentlyEvictedCapacity: settings.recentlyEvictedCapacity,
          trace: this.stampedTrace(),
        }),
    );
  }

  private stampedTrace(): ((event: TraceEvent) => void) | undefined {
    const sink = this.options.trace;
    if (sink === undefined) return undefined;
    return (event) => sink({ step: this.currentStep, ...event });
  }

  private rankLog(rank: number): LogSink | undefined {
    const sink = this.options.log;
    if (sink === undefined) return undefined;
    return (level, message) => sink({ step: this.currentStep, rank, level, message });
  }
}
