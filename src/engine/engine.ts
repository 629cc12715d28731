import type { ModelConfig } from "../config/modelConfig.ts";
import { validateModelConfig } from "../config/validateModelConfig.ts";
import { assert } from "../errors.ts";
import { GroupStateLedger } from "../ledger/groupStateLedger.ts";
import { LEDGER_PACKED_KEYS, LedgerCluster } from "../ledger/ledgerCluster.ts";
import { groupIdBases } from "../ledger/groupIds.ts";
import { ledgerSettingsOf } from "../ledger/ledgerSettings.ts";
import { LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../ledger/ledgerMetricKeys.ts";
import { MaxKeyNames, type ReduceLossMetricsOptions, reduceLossMetrics, reducePackedLossMetrics } from "../distributed/reduceLossMetrics.ts";
import { Rng } from "../rng/rng.ts";
import { aggregateStepMetrics } from "../streamMixing/aggregateStepMetrics.ts";
import { StreamMixingDataset } from "../streamMixing/dataset.ts";
import { EpochOrders } from "../streamMixing/epochOrder.ts";
import type { DatasetStateDict } from "../streamMixing/stateDict.ts";
import { StepMetricsPack } from "../streamMixing/stepMetricsPack.ts";
import { StepSnapshot } from "../streamMixing/stepSnapshot.ts";
import { resolveStreams, type ResolvedStreams } from "../streamMixing/streamSpec.ts";
import type { LogSink, TraceEvent } from "../trace/traceEvent.ts";
import type { EngineSnapshot } from "./engineSnapshot.ts";
import { MetricsRowBuilder, RowKeyOrder, type MetricsRow } from "./metricsRow.ts";

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

/** How the trainer reduces the ledger's values: the four counters in SUM mode, the wipe count in default mode. */
const LEDGER_REDUCTION: ReduceLossMetricsOptions = { sumKeys: LEDGER_SUM_KEYS };
/** The keys of a rank's packed ledger values, in the order LedgerCluster.drainAllInto writes them. */
const PACKED_LEDGER_KEYS: readonly string[] = LEDGER_PACKED_KEYS;

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
  private readonly epochOrders: EpochOrders;
  private datasets: StreamMixingDataset[];
  private ledgers: LedgerCluster;
  private ledgerViews: GroupStateLedger[];
  /** Every rank's drained ledger values, rank-major, rewritten every step. */
  private readonly packedLedgerValues: Float64Array;
  private currentStep = 0;
  private readonly touched: number[] = [];
  private readonly stepMetricsPack: StepMetricsPack;
  /** The ranks' shared scratch for the FR1 snapshot, populated and read within each rank's drain. */
  private readonly stepSnapshot: StepSnapshot;
  /** The ranks' shared scratch for a pick's weights (picks never nest). */
  private readonly pickWeights: Float64Array;
  // The caches of the step's reductions and rows: they belong to the engine, not to
  // their modules, so that two engines (or the engines of two threads) share nothing
  // mutable.
  private readonly maxKeyNames = new MaxKeyNames();
  private readonly ledgerReduction: ReduceLossMetricsOptions;
  private readonly rowKeyOrder = new RowKeyOrder();
  private readonly perRankKeyOrder = new RowKeyOrder();
  private readonly options: EngineOptions;

  constructor(config: ModelConfig, options: EngineOptions = {}) {
    validateModelConfig(config);
    this.config = config;
    this.options = options;
    this.rootRng = Rng.fromSeed(config.seed);
    this.streams = resolveStreams(config.dataset, this.rootRng.fork("cells"));
    this.stepMetricsPack = new StepMetricsPack(config.world_size, this.streams.modalities);
    this.stepSnapshot = new StepSnapshot(this.streams.modalities);
    this.pickWeights = new Float64Array(Math.max(config.dataset.num_streams_mixed, config.resume?.num_streams_mixed ?? 0));
    this.ledgerReduction = { ...LEDGER_REDUCTION, maxKeyNames: this.maxKeyNames };
    this.epochOrders = new EpochOrders(this.rootRng, this.streams.streams.length);
    this.gidBases = groupIdBases(this.streams.streams, config.world_size, config.ledger.group_cells);
    this.datasets = this.buildDatasets(config.dataset.num_streams_mixed);
    this.packedLedgerValues = new Float64Array(config.world_size * PACKED_LEDGER_KEYS.length);
    this.ledgers = this.buildLedgers();
    this.ledgerViews = this.viewsOf(this.ledgers);
  }

  /** Restores an engine at the end of `snapshot.step`; the next `runStep` continues from there. */
  static fromSnapshot(config: ModelConfig, snapshot: EngineSnapshot, options: EngineOptions = {}): Engine {
    const engine = new Engine(config, options);
    const resume = config.resume;
    if (resume !== undefined && snapshot.step >= resume.at_step) engine.datasets = engine.buildDatasets(resume.num_streams_mixed);
    assert(snapshot.datasets.length === config.world_size && snapshot.ledgers.length === config.world_size, "snapshot has one dataset and one ledger per rank");
    snapshot.datasets.forEach((s, rank) => engine.datasets[rank]?.restoreSnapshot(s));
    snapshot.ledgers.forEach((s, rank) => engine.ledgers.restoreSnapshot(rank, s));
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
    return this.ledgerViews;
  }

  runStep(): StepResult {
    const step = ++this.currentStep;
    const { config } = this;
    const worldSize = config.world_size;
    if (config.resume !== undefined && step === config.resume.at_step) this.applyModeledResume(step);

    const ledgers = this.ledgers;
    ledgers.maybeWipeAll(step);
    // Each batch's touched groups are stored as it is drawn, so that a trace interleaves
    // picks and stores as the plan's loop does. `touched` collects the whole step's gids
    // (cleared once per step: truncating an array is a runtime call, not a store).
    const touched = this.touched;
    touched.length = 0;
    const collect = this.options.collectStepMetrics ?? true;
    // The fused drain packs each rank's snapshot straight into the all-reduce vectors:
    // the same numbers as draining dicts and aggregating them, without a dict per rank
    // per step, which was the largest share of a step's time. It drains each rank right
    // after the rank's batches, while the rank's dataset is still in the cache: a drain
    // reads only its own rank's dataset, which no other rank's batches touch, so this is
    // the drain after the step's last batch, as the plan's loop has it.
    const fusedDrain = collect && !this.options.perRank;
    let anyDrained = false;
    for (let rank = 0; rank < worldSize; rank++) {
      const dataset = this.datasets[rank] as StreamMixingDataset;
      for (let b = 0; b < config.batches_per_step; b++) {
        const first = touched.length;
        dataset.nextBatch(step, touched);
        // Each gid goes to its owner's ledger (gid mod W), which the cluster finds itself.
        for (let i = first; i < touched.length; i++) ledgers.storeState(touched[i] as number, step);
      }
      if (fusedDrain && dataset.drainStepMetricsInto(this.stepMetricsPack, rank)) anyDrained = true;
    }

    const row = new MetricsRowBuilder(step, this.rowKeyOrder);
    const streamLocals: Record<string, number>[] = [];
    if (collect && this.options.perRank) {
      // The per-rank view needs every rank's drained dict, so it takes the plan's path.
      for (let rank = 0; rank < worldSize; rank++) streamLocals.push((this.datasets[rank] as StreamMixingDataset).drainStepMetrics());
      row.emit(STREAM_MIXING_EMITTER, aggregateStepMetrics(streamLocals, this.streams.modalities));
    } else if (fusedDrain) {
      row.emit(STREAM_MIXING_EMITTER, anyDrained ? this.stepMetricsPack.reduce() : {});
    }
    const ledgerLocals: Record<string, number>[] = [];
    if (this.options.perRank) {
      // The per-rank view needs every rank's drained dict, so it takes the plan's path.
      // Adding the wipe count to the drained dict in place keeps the plan's key order.
      for (let rank = 0; rank < worldSize; rank++) {
        const local = ledgers.drainEvictionMetrics(rank);
        local[WIPE_COUNT_KEY] = ledgers.wipeCountOf(rank);
        ledgerLocals.push(local);
      }
      row.emit(LOSS_EMITTER, reduceLossMetrics(ledgerLocals, this.ledgerReduction));
    } else {
      // The fused drain, as for the stream_mixing metrics: every rank's counters and wipe
      // count packed into one vector and reduced from there, with no dict per rank.
      ledgers.drainAllInto(this.packedLedgerValues);
      row.emit(LOSS_EMITTER, reducePackedLossMetrics(this.packedLedgerValues, PACKED_LEDGER_KEYS, this.ledgerReduction));
    }

    const result: StepResult = { row: row.finish() };
    if (this.options.perRank) {
      return {
        ...result,
        perRank: ledgerLocals.map((ledgerLocal, rank) => {
          const local = new MetricsRowBuilder(step, this.perRankKeyOrder);
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
      ledgers: this.ledgerViews.map((l) => l.toSnapshot()),
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
    this.ledgerViews = this.viewsOf(this.ledgers);
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
          epochOrders: this.epochOrders,
          gidBases: this.gidBases[rank] as number[],
          groupCells: config.ledger.group_cells,
          collectStepMetrics: this.options.collectStepMetrics ?? true,
          stepSnapshot: this.stepSnapshot,
          pickWeights: this.pickWeights,
          trace: this.stampedTrace(),
          log: this.rankLog(rank),
        }),
    );
  }

  private buildLedgers(): LedgerCluster {
    return new LedgerCluster({ ...ledgerSettingsOf(this.config.ledger), worldSize: this.config.world_size, trace: this.stampedTrace() });
  }

  /** The plan's per-rank ledger objects, as views of the cluster. */
  private viewsOf(cluster: LedgerCluster): GroupStateLedger[] {
    return Array.from({ length: this.config.world_size }, (_, rank) => new GroupStateLedger(cluster, rank));
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
