import type { ModelConfig } from "../config/modelConfig.ts";
import { assert } from "../errors.ts";
import { groupIdBases } from "../ledger/groupIds.ts";
import type { LedgerSnapshot } from "../ledger/groupStateLedger.ts";
import { LedgerCluster } from "../ledger/ledgerCluster.ts";
import { ledgerSettingsOf } from "../ledger/ledgerSettings.ts";
import { Rng } from "../rng/rng.ts";
import { BlockReaders } from "../streamMixing/blockReaders.ts";
import { type DatasetSnapshot, StreamMixingDataset } from "../streamMixing/dataset.ts";
import { EpochOrders } from "../streamMixing/epochOrder.ts";
import type { DatasetStateDict } from "../streamMixing/stateDict.ts";
import type { StepMetricsPack } from "../streamMixing/stepMetricsPack.ts";
import { StepSnapshot } from "../streamMixing/stepSnapshot.ts";
import { resolveStreams, type ResolvedStreams } from "../streamMixing/streamSpec.ts";
import type { LogSink, TraceEvent } from "../trace/traceEvent.ts";
import { GidBuffer } from "./gidBuffer.ts";
import { PACKED_LEDGER_WIDTH, type RankRange } from "./rankBlocks.ts";

/** The run's streams: their cell counts are drawn from the seed's "cells" generator. */
export function runStreams(config: ModelConfig): ResolvedStreams {
  return resolveStreams(config.dataset, Rng.fromSeed(config.seed).fork("cells"));
}

/** A line the modeled system logged, stamped with its step and rank. */
export interface LogLine {
  readonly step: number;
  readonly rank: number;
  readonly level: "INFO" | "WARNING";
  readonly message: string;
}

/** A model event stamped with the step it happened in. */
export type StampedTraceEvent = { readonly step: number } & TraceEvent;

/**
 * How the blocks of a threaded step hand each other the ledger group ids their ranks
 * touched: block b sends block d the gids that d's ledgers own, in the order b's ranks
 * touched them, and d receives them from every block in block order.
 */
export interface GidMail {
  send(toBlock: number, gids: Int32Array): void;
  receive(fromBlock: number): Int32Array;
}

export interface RankBlockOptions {
  /** The run's streams (`runStreams(config)`), for the engine and its blocks to share. */
  readonly streams?: ResolvedStreams;
  /** The engine's split of the ranks into blocks, in rank order, and which one this is. */
  readonly blocks: readonly RankRange[];
  readonly block: number;
  /** Every rank's packed stream_mixing vectors (the whole world's; this block writes its ranks). */
  readonly stepMetricsPack: StepMetricsPack;
  /** Every rank's packed ledger values, PACKED_LEDGER_WIDTH per rank (this block writes its ranks). */
  readonly packedLedgerValues: Float64Array;
  readonly collectStepMetrics: boolean;
  readonly trace?: ((event: StampedTraceEvent) => void) | undefined;
  readonly log?: ((line: LogLine) => void) | undefined;
}

/** One block's state between two steps: its ranks' datasets and ledgers, in rank order. */
export interface RankBlockSnapshot {
  readonly datasets: readonly DatasetSnapshot[];
  readonly ledgers: readonly LedgerSnapshot[];
}

/**
 * The ranks `first` to `end - 1` of a run: their datasets and the ledgers they own.
 * Within a step the ranks are independent but for the ledger stores (a rank's batches
 * touch groups whose owners, `gid mod W`, are any ranks) and the cross-rank reductions
 * (which read every rank's packed values in rank order). So a step is, per block:
 * 1. the modeled resume and the wipes of its ledgers (at the step's start);
 * 2. its ranks' batches, each rank's snapshot drained into the pack right after them,
 *    and the touched gids routed to the blocks that own them;
 * 3. the stores of every block's gids for its ledgers, taken in block order (so in rank
 *    order, then batch order, then group order, as one engine stores them), and its
 *    ledgers drained into the packed ledger values.
 * With one block (the single-threaded engine) 2 and 3 fuse: each batch's gids are stored
 * as it is drawn, which also interleaves picks and stores in a trace as the plan's loop
 * does. The blocks of one step touch disjoint state, so they can run on threads.
 */
export class RankBlock {
  readonly first: number;
  readonly end: number;
  readonly streams: ResolvedStreams;
  private readonly config: ModelConfig;
  private readonly rootRng: Rng;
  private readonly epochOrders: EpochOrders;
  private readonly gidBases: number[][];
  private readonly stepSnapshot: StepSnapshot;
  /** The block's ranks' shared scratch for a pick's weights (picks never nest). */
  private readonly pickWeights: Float64Array;
  datasets: StreamMixingDataset[];
  ledgers: LedgerCluster;
  private readonly options: RankBlockOptions;
  /** The gids of the batch being drawn, reused batch after batch. */
  private readonly touched = new GidBuffer();
  /** Which block owns each rank's ledger, and the gids bound for each block in this step. */
  private readonly blockOfRank: Uint16Array;
  private readonly outgoing: GidBuffer[];
  private currentStep = 0;

  constructor(config: ModelConfig, options: RankBlockOptions) {
    const range = options.blocks[options.block];
    assert(range !== undefined && range.first < range.end && range.end <= config.world_size, "a block is a non-empty range of the world's ranks");
    this.config = config;
    this.options = options;
    this.first = range.first;
    this.end = range.end;
    this.rootRng = Rng.fromSeed(config.seed);
    this.streams = options.streams ?? runStreams(config);
    this.stepSnapshot = new StepSnapshot(this.streams.modalities);
    this.pickWeights = new Float64Array(Math.max(config.dataset.num_streams_mixed, config.resume?.num_streams_mixed ?? 0));
    this.epochOrders = new EpochOrders(this.rootRng, this.streams.streams.length);
    this.gidBases = groupIdBases(this.streams.streams, config.world_size, config.ledger.group_cells).slice(this.first, this.end);
    this.blockOfRank = new Uint16Array(config.world_size);
    options.blocks.forEach((b, index) => this.blockOfRank.fill(index, b.first, b.end));
    this.outgoing = options.blocks.map(() => new GidBuffer());
    this.datasets = this.buildDatasets(config.dataset.num_streams_mixed);
    this.ledgers = this.buildLedgers();
  }

  get step(): number {
    return this.currentStep;
  }

  /** Phase 1: the step starts; a modeled resume at this step, then the wipes. */
  beginStep(step: number): void {
    this.currentStep = step;
    const resume = this.config.resume;
    if (resume !== undefined && step === resume.at_step) this.applyModeledResume(step);
    this.ledgers.maybeWipeAll(step);
  }

  /**
   * Phases 2 and 3 fused, for a block that holds every rank: each batch's gids stored as
   * it is drawn, each rank drained right after its batches (while its dataset is still
   * in the cache: a drain reads only its own rank's dataset, which no other rank's
   * batches touch, so this is the drain after the step's last batch, as the plan's loop
   * has it). Returns whether any rank had drawn a batch since its last drain.
   */
  runWholeStep(step: number, fusedDrain: boolean): boolean {
    assert(this.options.blocks.length === 1, "only a block of every rank stores as it draws");
    return this.drawBatches(step, fusedDrain, true);
  }

  /**
   * Phase 2 of a threaded step: the block's ranks' batches and fused drains, the gids
   * sent to the blocks that own them (this block's own kept for phase 3). Returns
   * whether any rank had drawn a batch since its last drain.
   */
  runBatches(step: number, fusedDrain: boolean, mail: GidMail): boolean {
    const outgoing = this.outgoing;
    for (const buffer of outgoing) buffer.clear();
    const anyDrained = this.drawBatches(step, fusedDrain, false);
    for (let block = 0; block < outgoing.length; block++) {
      if (block !== this.options.block) mail.send(block, (outgoing[block] as GidBuffer).copy());
    }
    return anyDrained;
  }

  /**
   * The walk of phase 2 over the block's ranks: each rank's batches drawn, each batch's
   * gids either stored at once (`storeAsDrawn`, phases 2 and 3 fused) or routed to the
   * outgoing buffer of the block that owns them, then the rank's fused drain. The choice
   * is one branch a batch, the same all run long. Returns whether any rank had drawn a
   * batch since its last drain.
   */
  private drawBatches(step: number, fusedDrain: boolean, storeAsDrawn: boolean): boolean {
    const ledgers = this.ledgers;
    const touched = this.touched;
    const outgoing = this.outgoing;
    const blockOfRank = this.blockOfRank;
    const worldSize = this.config.world_size;
    const pack = this.options.stepMetricsPack;
    const batchesPerStep = this.config.batches_per_step;
    let anyDrained = false;
    for (let rank = this.first; rank < this.end; rank++) {
      const dataset = this.datasets[rank - this.first] as StreamMixingDataset;
      for (let b = 0; b < batchesPerStep; b++) {
        touched.clear();
        dataset.nextBatch(step, touched);
        if (storeAsDrawn) {
          // Each gid goes to its owner's ledger (gid mod W), which the cluster finds itself.
          for (let i = 0; i < touched.length; i++) ledgers.storeState(touched.at(i), step);
        } else {
          for (let i = 0; i < touched.length; i++) {
            const gid = touched.at(i);
            (outgoing[blockOfRank[gid % worldSize] as number] as GidBuffer).push(gid);
          }
        }
      }
      if (fusedDrain && dataset.drainStepMetricsInto(pack, rank)) anyDrained = true;
    }
    return anyDrained;
  }

  /** Phase 3 of a threaded step: every block's gids for this block's ledgers, in block order, then the ledgers' drain. */
  runStores(step: number, mail: GidMail): void {
    const ledgers = this.ledgers;
    for (let block = 0; block < this.options.blocks.length; block++) {
      if (block === this.options.block) {
        const own = this.outgoing[block] as GidBuffer;
        for (let i = 0; i < own.length; i++) ledgers.storeState(own.at(i), step);
      } else {
        const gids = mail.receive(block);
        for (let i = 0; i < gids.length; i++) ledgers.storeState(gids[i] as number, step);
      }
    }
    this.drainLedgers();
  }

  /** The fused drain of the block's ledgers: counters and wipe counts packed at its ranks. */
  drainLedgers(): void {
    this.ledgers.drainAllInto(this.options.packedLedgerValues, this.first * PACKED_LEDGER_WIDTH);
  }

  /**
   * The fused drain of a block of every rank, reduced as it drains: each packed ledger
   * value's total and largest value over the ranks (LedgerCluster.drainTotalsInto).
   */
  drainLedgerTotals(totals: Float64Array, maxes: Float64Array): void {
    assert(this.options.blocks.length === 1, "only a block of every rank reduces its ledgers alone");
    this.ledgers.drainTotalsInto(totals, maxes);
  }

  toSnapshot(): RankBlockSnapshot {
    return {
      datasets: this.datasets.map((d) => d.toSnapshot()),
      ledgers: this.datasets.map((_, i) => this.ledgers.toSnapshot(i)),
    };
  }

  /** Restores the block at the end of `step` from its ranks' part of an engine snapshot. */
  restoreSnapshot(step: number, snapshot: RankBlockSnapshot): void {
    const resume = this.config.resume;
    if (resume !== undefined && step >= resume.at_step) this.datasets = this.buildDatasets(resume.num_streams_mixed);
    assert(snapshot.datasets.length === this.end - this.first && snapshot.ledgers.length === this.end - this.first, "snapshot has one dataset and one ledger per rank");
    snapshot.datasets.forEach((s, i) => this.datasets[i]?.restoreSnapshot(s));
    snapshot.ledgers.forEach((s, i) => this.ledgers.restoreSnapshot(i, s));
    this.currentStep = step;
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
    this.datasets.forEach((dataset, i) => {
      const dropped = dataset.loadStateDict(states[i] as DatasetStateDict, step);
      this.options.trace?.({ step, kind: "resume", rank: this.first + i, num_streams_mixed: resume.num_streams_mixed, dropped });
    });
    this.ledgers = this.buildLedgers();
  }

  private buildDatasets(numStreamsMixed: number): StreamMixingDataset[] {
    const { config } = this;
    // The block's ranks keep their readers and active sets in one structure
    // (BlockReaders), so that the step's walk over the ranks reads it in sequence.
    const blockReaders = BlockReaders.forDatasets(this.end - this.first, numStreamsMixed, this.streams.streams, this.streams.modalities.length);
    return Array.from(
      { length: this.end - this.first },
      (_, i) =>
        new StreamMixingDataset({
          streams: this.streams.streams,
          modalities: this.streams.modalities,
          rank: this.first + i,
          worldSize: config.world_size,
          numStreamsMixed,
          batchingMode: config.dataset.batching_mode,
          pickWeighting: config.dataset.pick_weighting,
          rootRng: this.rootRng,
          epochOrders: this.epochOrders,
          gidBases: this.gidBases[i] as number[],
          groupCells: config.ledger.group_cells,
          collectStepMetrics: this.options.collectStepMetrics,
          stepSnapshot: this.stepSnapshot,
          pickWeights: this.pickWeights,
          blockReaders,
          blockIndex: i,
          trace: this.stampedTrace(),
          log: this.rankLog(this.first + i),
        }),
    );
  }

  private buildLedgers(): LedgerCluster {
    return new LedgerCluster({
      ...ledgerSettingsOf(this.config.ledger),
      worldSize: this.config.world_size,
      owners: { first: this.first, count: this.end - this.first },
      trace: this.stampedTrace(),
    });
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
