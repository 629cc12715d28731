import type { ModelConfig } from "../config/modelConfig.ts";
import { validateModelConfig } from "../config/validateModelConfig.ts";
import { assert } from "../errors.ts";
import { GroupStateLedger } from "../ledger/groupStateLedger.ts";
import { LEDGER_PACKED_KEYS, type LedgerCluster } from "../ledger/ledgerCluster.ts";
import { LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../ledger/ledgerMetricKeys.ts";
import { MaxKeyNames, PackedLossReduction, type ReduceLossMetricsOptions, reduceLossMetrics } from "../distributed/reduceLossMetrics.ts";
import { aggregateStepMetrics } from "../streamMixing/aggregateStepMetrics.ts";
import type { StreamMixingDataset } from "../streamMixing/dataset.ts";
import { StepMetricsPack, type StepMetricsPackBuffers } from "../streamMixing/stepMetricsPack.ts";
import type { ResolvedStreams } from "../streamMixing/streamSpec.ts";
import type { BlockPeers, BlockPeersFactory } from "./blockPeers.ts";
import type { EngineSnapshot } from "./engineSnapshot.ts";
import { MetricsRowBuilder, RowKeyOrder, type MetricsRow } from "./metricsRow.ts";
import { type LogLine, RankBlock, type RankBlockSnapshot, runStreams, type StampedTraceEvent } from "./rankBlock.ts";
import { PACKED_LEDGER_WIDTH, rankBlocks } from "./rankBlocks.ts";

export type { LogLine, StampedTraceEvent } from "./rankBlock.ts";

/** Every rank's local values at one step, before any cross-rank reduction. */
export type PerRankRow = { readonly step: number; readonly rank: number } & Readonly<Record<string, number>>;

export interface EngineOptions {
  readonly trace?: (event: StampedTraceEvent) => void;
  readonly log?: (line: LogLine) => void;
  /** Populate and emit the stream_mixing metrics (off only to measure their cost). */
  readonly collectStepMetrics?: boolean;
  /** Also return every rank's local values with each step. */
  readonly perRank?: boolean;
  /**
   * How many threads step the ranks (default 1, at most one per rank): the engine steps
   * the first block of ranks and `blockPeers` the others. The output is the same for
   * every count. A trace or per-rank rows need every rank's events and values in one
   * place in step order, so with either the engine steps every rank itself.
   */
  readonly threads?: number;
  /** Starts the threads of blocks 1 and on (the harness's sim/execute/threads/workerBlockPeers.ts). */
  readonly blockPeers?: BlockPeersFactory;
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
assert(PACKED_LEDGER_KEYS.length === PACKED_LEDGER_WIDTH, "one packed ledger value per key");

/**
 * Builds W simulated ranks from a model config and steps them: the step's wipes, then
 * every rank's batches with their ledger stores routed to the owner ranks (in rank
 * order, then batch order, then group order), then the drains and the cross-rank
 * reductions into one row. Steps are counted from 1. The ranks are held in blocks
 * (RankBlock): one block of every rank, stepped here, or with `threads` N, N blocks in
 * rank order, the first stepped here and the others by the injected peers, each on a
 * thread of its own; the reductions read every rank's packed values in rank order
 * either way, so the rows are the same.
 */
export class Engine {
  readonly config: ModelConfig;
  readonly streams: ResolvedStreams;
  /** The block of ranks this engine steps itself (every rank when single-threaded). */
  private readonly local: RankBlock;
  private readonly peers: BlockPeers | undefined;
  private readonly blockCount: number;
  private readonly stepMetricsPack: StepMetricsPack;
  /** Every rank's drained ledger values, rank-major, rewritten every step. */
  private readonly packedLedgerValues: Float64Array;
  private currentStep = 0;
  /** The plan's per-rank ledger objects, as views of the local block's current cluster. */
  private views: { readonly cluster: LedgerCluster; readonly ledgers: GroupStateLedger[] } | undefined;
  // The caches of the step's reductions and rows: they belong to the engine, not to
  // their modules, so that two engines (or the engines of two threads) share nothing
  // mutable.
  private readonly maxKeyNames = new MaxKeyNames();
  private readonly ledgerReduction: ReduceLossMetricsOptions;
  private readonly packedLedgerReduction: PackedLossReduction;
  /** A single-threaded step's ledger values, totalled and compared over the ranks as they drain (no packed vector). */
  private readonly ledgerTotals = new Float64Array(PACKED_LEDGER_WIDTH);
  private readonly ledgerMaxes = new Float64Array(PACKED_LEDGER_WIDTH);
  /** Where each step's reductions write their keys and values for the row, reused step after step. */
  private readonly reducedKeys: string[] = [];
  private readonly reducedValues: Float64Array;
  private readonly rowKeyOrder = new RowKeyOrder();
  /** The builder of the step's row, restarted every step. */
  private readonly rowBuilder = new MetricsRowBuilder(0, this.rowKeyOrder);
  private readonly perRankKeyOrder = new RowKeyOrder();
  private readonly options: EngineOptions;

  /** `from` is Engine.fromSnapshot's: the engine continues after the snapshot's step. */
  constructor(config: ModelConfig, options: EngineOptions = {}, from?: EngineSnapshot) {
    validateModelConfig(config);
    this.config = config;
    this.options = options;
    const worldSize = config.world_size;
    const threads = options.trace !== undefined || options.perRank ? 1 : (options.threads ?? 1);
    if (!(Number.isInteger(threads) && threads >= 1 && threads <= worldSize)) assert(false, `threads ${threads} is between 1 and the world size ${worldSize}`);
    const factory = options.blockPeers;
    if (threads > 1 && factory === undefined) assert(false, "a threaded engine is given the factory of its threads (blockPeers)");
    const blocks = rankBlocks(worldSize, threads);
    this.blockCount = blocks.length;
    const collectStepMetrics = options.collectStepMetrics ?? true;
    this.streams = runStreams(config);
    // With threads, every thread writes its ranks' packed values and this engine reduces
    // them, so they live in shared memory.
    const lengths = StepMetricsPack.bufferLengths(worldSize, this.streams.modalities.length);
    const allocate = (length: number): Float64Array => (threads > 1 ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length));
    const stepMetricsBuffers: StepMetricsPackBuffers = { min: allocate(lengths.min), max: allocate(lengths.max), sum: allocate(lengths.sum) };
    this.stepMetricsPack = new StepMetricsPack(worldSize, this.streams.modalities, stepMetricsBuffers);
    this.packedLedgerValues = allocate(worldSize * PACKED_LEDGER_WIDTH);
    this.local = new RankBlock(config, {
      streams: this.streams,
      blocks,
      block: 0,
      stepMetricsPack: this.stepMetricsPack,
      packedLedgerValues: this.packedLedgerValues,
      collectStepMetrics,
      trace: options.trace,
      log: options.log,
    });
    this.ledgerReduction = { ...LEDGER_REDUCTION, maxKeyNames: this.maxKeyNames };
    this.packedLedgerReduction = new PackedLossReduction(PACKED_LEDGER_KEYS, this.ledgerReduction);
    this.reducedValues = new Float64Array(Math.max(this.stepMetricsPack.reducedWidth, 2 * PACKED_LEDGER_KEYS.length));
    let blockSnapshots: RankBlockSnapshot[] | undefined;
    if (from !== undefined) {
      assert(from.datasets.length === worldSize && from.ledgers.length === worldSize, "snapshot has one dataset and one ledger per rank");
      blockSnapshots = blocks.map((b) => ({ datasets: from.datasets.slice(b.first, b.end), ledgers: from.ledgers.slice(b.first, b.end) }));
      this.local.restoreSnapshot(from.step, blockSnapshots[0] as RankBlockSnapshot);
      this.currentStep = from.step;
    }
    this.peers =
      threads > 1
        ? (factory as BlockPeersFactory)({
            config,
            blocks,
            collectStepMetrics,
            stepMetricsBuffers,
            packedLedgerValues: this.packedLedgerValues,
            ...(from !== undefined ? { from: { step: from.step, blocks: (blockSnapshots as RankBlockSnapshot[]).slice(1) } } : {}),
          })
        : undefined;
  }

  /** Restores an engine at the end of `snapshot.step`; the next `runStep` continues from there. */
  static fromSnapshot(config: ModelConfig, snapshot: EngineSnapshot, options: EngineOptions = {}): Engine {
    return new Engine(config, options, snapshot);
  }

  /** The last completed step (0 before the first). */
  get step(): number {
    return this.currentStep;
  }

  get worldSize(): number {
    return this.config.world_size;
  }

  /** How many threads step the ranks (1: this one alone). */
  get threads(): number {
    return this.blockCount;
  }

  /** Read-only views for tests and `sim explain`, of a single-threaded engine; the engine owns their state. */
  get rankDatasets(): readonly StreamMixingDataset[] {
    this.assertLocal();
    return this.local.datasets;
  }

  get rankLedgers(): readonly GroupStateLedger[] {
    this.assertLocal();
    const cluster = this.local.ledgers;
    if (this.views?.cluster !== cluster) {
      this.views = { cluster, ledgers: Array.from({ length: this.config.world_size }, (_, rank) => new GroupStateLedger(cluster, rank)) };
    }
    return this.views.ledgers;
  }

  /**
   * One step of the cluster: every rank reads its batch and stores (advanceRanks), then the
   * ranks' metrics are reduced into the step's row, the stream_mixing ones and then the
   * ledger's (the plan's order of keys), and with --per-rank each rank's own row.
   */
  runStep(): StepResult {
    const step = ++this.currentStep;
    const collect = this.options.collectStepMetrics ?? true;
    // The fused drain packs each rank's snapshot straight into the all-reduce vectors:
    // the same numbers as draining dicts and aggregating them, without a dict per rank
    // per step, which was the largest share of a step's time.
    const fusedDrain = collect && !this.options.perRank;
    const anyDrained = this.advanceRanks(step, fusedDrain);
    const row = this.rowBuilder;
    row.restart(step);
    const streamLocals = this.emitStreamMixingMetrics(row, collect, fusedDrain, anyDrained);
    const ledgerLocals = this.emitLossMetrics(row);
    const result: StepResult = { row: row.finish() };
    return this.options.perRank ? { ...result, perRank: this.perRankRows(step, streamLocals, ledgerLocals) } : result;
  }

  /** Every rank's batch, then every rank's stores, on this thread and the peers' threads; whether any rank drained a reader. */
  private advanceRanks(step: number, fusedDrain: boolean): boolean {
    const local = this.local;
    const peers = this.peers;
    if (peers === undefined) {
      local.beginStep(step);
      return local.runWholeStep(step, fusedDrain);
    }
    peers.startBatches(step);
    local.beginStep(step);
    let anyDrained = local.runBatches(step, fusedDrain, peers);
    const remote = peers.finishBatches();
    if (remote.anyDrained) anyDrained = true;
    for (const line of remote.logs) this.options.log?.(line);
    peers.startStores(step);
    local.runStores(step, peers);
    peers.finishStores();
    return anyDrained;
  }

  /** The stream_mixing metrics of the step, reduced across the ranks into the row; with --per-rank, each rank's drained dict (none otherwise). */
  private emitStreamMixingMetrics(row: MetricsRowBuilder, collect: boolean, fusedDrain: boolean, anyDrained: boolean): Record<string, number>[] {
    const streamLocals: Record<string, number>[] = [];
    if (collect && this.options.perRank) {
      // The per-rank view needs every rank's drained dict, so it takes the plan's path.
      for (let rank = 0; rank < this.config.world_size; rank++) streamLocals.push((this.local.datasets[rank] as StreamMixingDataset).drainStepMetrics());
      row.emit(STREAM_MIXING_EMITTER, aggregateStepMetrics(streamLocals, this.streams.modalities));
    } else if (fusedDrain) {
      const count = anyDrained ? this.stepMetricsPack.reduceInto(this.reducedKeys, this.reducedValues) : 0;
      row.emitValues(STREAM_MIXING_EMITTER, this.reducedKeys, this.reducedValues, count);
    }
    return streamLocals;
  }

  /** The ledger's metrics of the step (evictions and wipes), reduced across the ranks into the row; with --per-rank, each rank's drained dict (none otherwise). */
  private emitLossMetrics(row: MetricsRowBuilder): Record<string, number>[] {
    const ledgerLocals: Record<string, number>[] = [];
    if (this.options.perRank) {
      // The per-rank view needs every rank's drained dict, so it takes the plan's path.
      // Adding the wipe count to the drained dict in place keeps the plan's key order.
      const ledgers = this.local.ledgers;
      for (let rank = 0; rank < this.config.world_size; rank++) {
        const ledgerLocal = ledgers.drainEvictionMetrics(rank);
        ledgerLocal[WIPE_COUNT_KEY] = ledgers.wipeCountOf(rank);
        ledgerLocals.push(ledgerLocal);
      }
      row.emit(LOSS_EMITTER, reduceLossMetrics(ledgerLocals, this.ledgerReduction));
    } else {
      row.emitValues(LOSS_EMITTER, this.reducedKeys, this.reducedValues, this.reduceLedgersFused());
    }
    return ledgerLocals;
  }

  /** Each rank's row of the step (--per-rank): its drained stream_mixing and ledger dicts, in the plan's key order. */
  private perRankRows(step: number, streamLocals: readonly Record<string, number>[], ledgerLocals: readonly Record<string, number>[]): PerRankRow[] {
    return ledgerLocals.map((ledgerLocal, rank) => {
      const rankRow = new MetricsRowBuilder(step, this.perRankKeyOrder);
      rankRow.emit("dataset drain_step_metrics", streamLocals[rank] ?? {});
      rankRow.emit("ledger drain_eviction_metrics", ledgerLocal);
      const { step: _step, ...values } = rankRow.finish();
      return { step, rank, ...values };
    });
  }

  toSnapshot(): EngineSnapshot {
    const blocks = [this.local.toSnapshot(), ...(this.peers?.snapshots() ?? [])];
    return {
      step: this.currentStep,
      datasets: blocks.flatMap((b) => b.datasets),
      ledgers: blocks.flatMap((b) => b.ledgers),
    };
  }

  /** Ends the engine's threads, if it has any; it is not stepped again. */
  close(): void {
    this.peers?.close();
  }

  /**
   * The fused drain of the ledgers, as for the stream_mixing metrics, with no dict per
   * rank: on one thread every rank's counters and wipe count totalled and compared as
   * they drain; with threads, packed into one vector (each thread drained its block's
   * ledgers at the end of its stores) and reduced from there, to the same numbers. The
   * reduced keys and values go into the step's lists; returns how many.
   */
  private reduceLedgersFused(): number {
    if (this.peers === undefined) {
      this.local.drainLedgerTotals(this.ledgerTotals, this.ledgerMaxes);
      return this.packedLedgerReduction.reduceTotalsInto(this.ledgerTotals, this.ledgerMaxes, this.config.world_size, this.reducedKeys, this.reducedValues);
    }
    return this.packedLedgerReduction.reduceInto(this.packedLedgerValues, this.reducedKeys, this.reducedValues);
  }

  private assertLocal(): void {
    if (this.local.end !== this.config.world_size) assert(false, "the ranks' objects are read from a single-threaded engine (threads 1)");
  }
}
