import type { BatchingMode, PickWeighting } from "../config/modelConfig.ts";
import { UserError, assert } from "../errors.ts";
import { Rng, type RngState } from "../rng/rng.ts";
import type { LogSink, TraceSink } from "../trace/traceEvent.ts";
import { EpochOrders } from "./epochOrder.ts";
import {
  BlockReaders,
  READER_JOINED,
  READER_LAST_PICKED,
  READER_POSITION,
  READER_SLICE_END,
  READER_SLICE_START,
  SLOT_GID,
  SLOT_GROUP_END,
  SLOT_LAST_PICKED,
  SLOT_PICKS,
  SLOT_POSITION,
  SLOT_SLICE_END,
  SLOT_STREAM,
  loadSlot,
  moveSlot,
  readReader,
  readerAt,
  storeSlot,
  writeReader,
} from "./blockReaders.ts";
import { weightedSlot } from "./pickWeighting.ts";
import { Reader } from "./reader.ts";
import { type DatasetStateDict, truncateActive } from "./stateDict.ts";
import type { StepMetricsPack } from "./stepMetricsPack.ts";
import { StepSnapshot } from "./stepSnapshot.ts";
import { sliceBounds, type StreamSpec } from "./streamSpec.ts";

export interface DatasetOptions {
  readonly streams: readonly StreamSpec[];
  readonly modalities: readonly string[];
  readonly rank: number;
  readonly worldSize: number;
  readonly numStreamsMixed: number;
  readonly batchingMode: BatchingMode;
  readonly pickWeighting: PickWeighting;
  /** The run's root generator; the dataset forks its epoch orders and its picks from it. */
  readonly rootRng: Rng;
  /** The run's epoch orders, shared by its ranks (drawn from `rootRng` when not given). */
  readonly epochOrders?: EpochOrders;
  /** First ledger group id of this rank's slice of each stream, by stream index. */
  readonly gidBases: readonly number[];
  readonly groupCells: number;
  /** Populate the per-step snapshot at the pick site (off only to measure its cost). */
  readonly collectStepMetrics?: boolean;
  /**
   * Where the drain populates the FR1 snapshot. The drain reads it as soon as it is
   * populated, so the ranks of one engine can share one (fewer objects per rank to
   * touch at thousands of ranks); a dataset built without one has its own.
   */
  readonly stepSnapshot?: StepSnapshot;
  /**
   * Scratch for the weights of one pick, at least `numStreamsMixed` long; like the
   * snapshot, the ranks of one engine can share one. A dataset built without one has its own.
   */
  readonly pickWeights?: Float64Array;
  /**
   * Where the readers and the active set live: the readers of a block of ranks
   * (`BlockReaders.forDatasets`) and this rank's index in it. A dataset built without
   * them has its own.
   */
  readonly blockReaders?: BlockReaders;
  readonly blockIndex?: number;
  readonly trace?: TraceSink | undefined;
  readonly log?: LogSink | undefined;
}

/**
 * Where a batch appends the ledger group ids it touches: an array, or the engine's
 * reused typed buffer (a plain array truncated every step gave back its backing store,
 * so every step grew it again, push by push).
 */
export interface GidSink {
  push(gid: number): unknown;
}

/** The complete internal state of a dataset, for the harness's exact snapshots. */
export interface DatasetSnapshot {
  readonly epoch: number;
  readonly batchCount: number;
  readonly pool: readonly number[];
  readonly poolHead: number;
  readonly active: readonly number[];
  readonly positions: readonly number[];
  readonly joinedSteps: readonly number[];
  readonly lastPickedStep: readonly number[];
  readonly exhaustEventsDelta: number;
  readonly pickRng: RngState;
}

/**
 * One rank's StreamMixingDataset: K active readers over this rank's slices, drawn from
 * the epoch's pool, picked by weight one batch at a time (model.md, "Epochs, pool,
 * active set, picks"). The per-step metrics of FR1 are populated at the pick site and
 * handed out by `drainStepMetrics()`.
 *
 * Its readers' state lives in a BlockReaders, the rank's readers in its table and its
 * active set in its slots; the Reader objects are the plan's view of them, brought up
 * to date whenever they are read from outside (`readers`, `active`).
 */
export class StreamMixingDataset {
  // The fields every batch reads come first: V8 lays an object's fields out in the
  // order they are declared, and at thousands of ranks each cache line of a rank's
  // dataset that a step touches is a miss.
  private readonly hasReadableSlice: boolean;
  /** Whether every slice of this rank has cells, so that an epoch's pool is its whole order. */
  private readonly allSlicesReadable: boolean;
  /** How many of the rank's slots hold an active reader (the first ones, in slot order). */
  private activeCount = 0;
  /** The block's active slots, where this rank's start in each array, and how many slots a rank has. */
  private readonly slots: Float64Array;
  private readonly slotsBase: number;
  private readonly slotInts: Int32Array;
  private readonly intsBase: number;
  private readonly slotStride: number;
  private pickRng: Rng;
  private readonly pickWeighting: PickWeighting;
  private readonly batchingMode: BatchingMode;
  private readonly groupCells: number;
  /** Each stream's batch size and modality index, by stream index. */
  private readonly streamBatchSizes: Float64Array;
  private readonly streamModalities: Int32Array;
  private readonly trace: TraceSink | undefined;
  batchCount = 0;
  exhaustEventsDelta = 0;
  /**
   * Whether an active reader may be exhausted: set when a read empties its reader (or a
   * reader joins, or a state is loaded, with no cells left), so that a batch that
   * emptied none skips the refill's scan of the active set.
   */
  private mayHaveExhausted = false;
  private readonly collectStepMetrics: boolean;
  /** Whether a batch was drawn since the last drain, and the step of the last one. */
  private snapshotReady = false;
  private snapshotStep = 0;
  /**
   * The active readers of each modality, for the FR1 snapshot (the block's counts, this
   * rank's from `modalityCountsAt`), counted again only when the active set changed
   * since (a reader joined or left, or a state was loaded).
   */
  private readonly activeModalityCounts: Int32Array;
  private readonly modalityCountsAt: number;
  private activeModalityCountsStale = true;
  /** Whether the engine's pack holds this rank's modality counts as they are (StepMetricsPack.packSnapshot). */
  private modalityCountsPacked = false;
  private readonly snapshot: StepSnapshot;
  private readonly pickWeights: Float64Array;
  /** The block's readers, and where this rank's records start in its table. */
  private readonly block: BlockReaders;
  private readonly table: Float64Array;
  private readonly readersBase: number;
  /**
   * Stream indices of this epoch's pool, in epoch order; `poolHead` is the next to join.
   * Never changed in place (a new epoch replaces it), so a rank whose slices are all
   * readable shares the run's epoch order itself.
   */
  pool: readonly number[] = [];
  poolHead = 0;
  /** The run's streams, and this rank's first ledger group id in each. */
  private readonly streams: readonly StreamSpec[];
  private readonly gidBases: readonly number[];
  /**
   * Every stream's reader on this rank as a Reader object, by stream index (as of its
   * last sync), made when first read: a world of 65,536 ranks has a million readers,
   * which the model itself reads from the table.
   */
  private readerObjects: Reader[] | undefined;
  readonly rank: number;
  readonly numStreamsMixed: number;
  /** 0 until the first batch starts epoch 1. */
  epoch = 0;
  private readonly worldSize: number;
  private readonly epochOrders: EpochOrders;
  private readonly log: LogSink | undefined;

  constructor(options: DatasetOptions) {
    assert(options.numStreamsMixed >= 1, "num_streams_mixed >= 1");
    assert(options.gidBases.length === options.streams.length, "one gid base per stream");
    this.rank = options.rank;
    this.worldSize = options.worldSize;
    this.numStreamsMixed = options.numStreamsMixed;
    this.batchingMode = options.batchingMode;
    this.pickWeighting = options.pickWeighting;
    this.epochOrders = options.epochOrders ?? new EpochOrders(options.rootRng, options.streams.length);
    this.pickRng = options.rootRng.fork("pick", options.rank);
    this.groupCells = options.groupCells;
    this.collectStepMetrics = options.collectStepMetrics ?? true;
    this.snapshot = options.stepSnapshot ?? new StepSnapshot(options.modalities);
    const block = options.blockReaders ?? BlockReaders.forDatasets(1, options.numStreamsMixed, options.streams, options.modalities.length);
    const index = options.blockIndex ?? 0;
    assert(block.slotsPerRank === BlockReaders.slotsPerRankOf(options.numStreamsMixed, options.streams.length), "the block's active slots are sized for this K");
    assert(block.streamCount === options.streams.length && block.modalityCount === options.modalities.length, "the block's readers are of these streams");
    this.block = block;
    this.table = block.readerValues;
    this.readersBase = block.readersBaseOf(index);
    this.slots = block.slotValues;
    this.slotsBase = block.slotValuesBaseOf(index);
    this.slotInts = block.slotInts;
    this.intsBase = block.slotIntsBaseOf(index);
    this.slotStride = block.slotsPerRank;
    this.streamBatchSizes = block.streamBatchSizes;
    this.streamModalities = block.streamModalities;
    this.activeModalityCounts = block.modalityCounts;
    this.modalityCountsAt = index * options.modalities.length;
    this.pickWeights = options.pickWeights ?? new Float64Array(options.numStreamsMixed);
    assert(this.pickWeights.length >= block.slotsPerRank, "pick scratch for every active reader");
    this.trace = options.trace;
    this.log = options.log;
    this.streams = options.streams;
    this.gidBases = options.gidBases;
    const readers = options.streams.map((stream) => {
      const { start, end } = sliceBounds(stream.cells, options.rank, options.worldSize);
      const reader = new Reader(stream, start, end, options.gidBases[stream.index] as number);
      writeReader(this.table, this.readerAt(stream.index), reader);
      return reader;
    });
    this.hasReadableSlice = readers.some((r) => r.sliceCells > 0);
    this.allSlicesReadable = readers.every((r) => r.sliceCells > 0);
  }

  /** Every stream's reader on this rank, by stream index, up to date. */
  get readers(): readonly Reader[] {
    return this.syncReaders();
  }

  /** The active readers in slot order, up to date. */
  get active(): readonly Reader[] {
    const readers = this.syncReaders();
    const active: Reader[] = [];
    for (let slot = 0; slot < this.activeCount; slot++) active.push(readers[this.streamInSlot(slot)] as Reader);
    return active;
  }

  /**
   * Draws one batch at `step`, appends the ledger group ids it touches to `touched`
   * (in order), and returns the number of cells read; 0 when this rank has nothing.
   */
  nextBatch(step: number, touched: GidSink): number {
    if (!this.hasReadableSlice) return 0;
    if (this.activeCount === 0) this.startEpoch(step);
    assert(this.activeCount > 0, "an epoch with a readable slice fills the active set");

    const picked = weightedSlot(this.pickWeighting, this.slots, this.slotsBase, this.slotStride, this.activeCount, this.pickRng.next(), this.pickWeights);
    let cells: number;
    if (this.batchingMode === "per_stream") {
      const stream = this.streamInSlot(picked);
      const bs = this.streamBatchSizes[stream] as number;
      cells = this.read(picked, bs, bs, step, touched);
      if (this.trace) this.trace({ kind: "pick", rank: this.rank, reader: this.streamName(stream), takes: [{ reader: this.streamName(stream), cells }] });
    } else {
      cells = this.packModality(picked, step, touched);
    }
    this.batchCount++;
    if (this.mayHaveExhausted) {
      // Cleared before the scan, which sets it again for a reader that joins empty (it
      // is skipped, as the scan moves past a slot it refilled).
      this.mayHaveExhausted = false;
      this.refillExhausted(step);
    }
    if (this.collectStepMetrics) {
      // FR1's snapshot is of the active set after this batch and its refills. Nothing
      // changes that set until the next batch or the drain, so the drain populates it
      // (`populateSnapshot`): with several batches per step, only the last one's is read.
      this.snapshotStep = step;
      this.snapshotReady = true;
    }
    return cells;
  }

  /**
   * FR3: the latest snapshot plus the exhaust delta since the last drain, then cleared.
   * Empty before the first pick (and after a drain with no pick since).
   */
  drainStepMetrics(): Record<string, number> {
    if (!this.snapshotReady) return {};
    this.populateSnapshot();
    const metrics = this.snapshot.toMetrics(this.exhaustEventsDelta);
    this.clearDrained();
    return metrics;
  }

  /**
   * The engine's fused drain: what `drainStepMetrics()` would hand out, packed straight
   * into `pack` as rank `rank` without building the dict. Returns false when that dict
   * would have been empty (nothing picked since the last drain).
   */
  drainStepMetricsInto(pack: StepMetricsPack, rank: number): boolean {
    if (!this.snapshotReady) {
      pack.packInactive(rank, 0);
      this.modalityCountsPacked = false;
      return false;
    }
    this.populateSnapshot();
    this.modalityCountsPacked = pack.packSnapshot(rank, this.snapshot, this.exhaustEventsDelta, this.modalityCountsPacked);
    this.clearDrained();
    return true;
  }

  /** What the trainer's checkpoint keeps (model.md, "Modeled training resume"). */
  stateDict(): DatasetStateDict {
    return {
      world_size: this.worldSize,
      rank: this.rank,
      num_streams_mixed: this.numStreamsMixed,
      epoch: this.epoch,
      batch_count: this.batchCount,
      pool: this.pool.slice(this.poolHead).map((i) => this.streamName(i)),
      active: this.active.map((r) => ({ stream: r.stream.name, position: r.position })),
      rng: this.pickRng.state(),
    };
  }

  /**
   * Loads a checkpointed state at the start of `step`. A smaller K truncates the saved
   * active list to its head and logs the still-active readers it drops, once (FR9); a
   * larger K fills the new slots from the head of the pool. Returns the dropped readers.
   */
  loadStateDict(state: DatasetStateDict, step: number): { reader: string; remaining_cells: number }[] {
    if (state.world_size !== this.worldSize) {
      throw new UserError(
        `cannot resume rank ${this.rank}: the state dict was saved with world_size ${state.world_size} and this run has ${this.worldSize}; a world-size change on resume is refused`,
      );
    }
    assert(state.rank === this.rank, `state dict of rank ${state.rank} loaded into rank ${this.rank}`);
    const readers = this.readerViews();
    const byName = new Map(readers.map((r) => [r.stream.name, r]));
    const lookup = (name: string): Reader => {
      const reader = byName.get(name);
      if (reader === undefined) throw new UserError(`cannot resume rank ${this.rank}: the state dict names stream ${name}, which this dataset does not have`);
      return reader;
    };

    const table = this.table;
    for (const reader of readers) {
      const at = this.readerAt(reader.stream.index);
      table[at + READER_POSITION] = reader.sliceStart;
      table[at + READER_LAST_PICKED] = -1;
    }
    this.epoch = state.epoch;
    this.batchCount = state.batch_count;
    this.pickRng = Rng.restore(state.rng);
    this.pool = state.pool.map((name) => lookup(name).stream.index);
    this.poolHead = 0;

    const { kept, dropped } = truncateActive(state.active, this.numStreamsMixed);
    this.setActive(
      kept.map(({ stream, position }) => {
        const reader = lookup(stream);
        assert(position >= reader.sliceStart && position < reader.sliceEnd, `saved position of ${stream} inside its slice`);
        const at = this.readerAt(reader.stream.index);
        table[at + READER_POSITION] = position;
        table[at + READER_JOINED] = step;
        return reader.stream.index;
      }),
    );
    this.mayHaveExhausted = true;
    this.fillFromPool(step);

    const lost = dropped.map(({ stream, position }) => ({ reader: stream, remaining_cells: lookup(stream).sliceEnd - position }));
    if (lost.length > 0 && this.log) {
      const names = lost.map((d) => `${d.reader} (${d.remaining_cells} cells remaining)`).join(", ");
      this.log(
        "INFO",
        `stream_mixing: resume on rank ${this.rank} truncated the active set from ${state.active.length} to ${this.numStreamsMixed} readers (num_streams_mixed ${state.num_streams_mixed} -> ${this.numStreamsMixed}); dropped ${lost.length} still-active reader(s): ${names}`,
      );
    }
    return lost;
  }

  /** The plan's `_last_picked_step`, by stream index; -1 where the dict has no entry. */
  get lastPickedStep(): number[] {
    return this.readers.map((r) => r.lastPickedStep);
  }

  /** The complete internal state, for the harness's exact snapshots (not the trainer's). */
  toSnapshot(): DatasetSnapshot {
    // Snapshots are taken between steps, after the engine drained every rank; an
    // undrained snapshot would be state this format does not carry.
    assert(!this.snapshotReady, "harness snapshots are taken after the step's drain");
    const readers = this.readers;
    return {
      epoch: this.epoch,
      batchCount: this.batchCount,
      pool: [...this.pool],
      poolHead: this.poolHead,
      active: this.active.map((r) => r.stream.index),
      positions: readers.map((r) => r.position),
      joinedSteps: readers.map((r) => r.joinedStep),
      lastPickedStep: readers.map((r) => r.lastPickedStep),
      exhaustEventsDelta: this.exhaustEventsDelta,
      pickRng: this.pickRng.state(),
    };
  }

  restoreSnapshot(snapshot: DatasetSnapshot): void {
    assert(snapshot.positions.length === this.streams.length, "snapshot has one position per stream");
    this.epoch = snapshot.epoch;
    this.batchCount = snapshot.batchCount;
    this.pool = [...snapshot.pool];
    this.poolHead = snapshot.poolHead;
    const table = this.table;
    for (let stream = 0; stream < this.streams.length; stream++) {
      const at = this.readerAt(stream);
      table[at + READER_POSITION] = snapshot.positions[stream] as number;
      table[at + READER_JOINED] = snapshot.joinedSteps[stream] as number;
      table[at + READER_LAST_PICKED] = snapshot.lastPickedStep[stream] as number;
    }
    this.setActive(snapshot.active);
    this.mayHaveExhausted = true;
    this.exhaustEventsDelta = snapshot.exhaustEventsDelta;
    this.pickRng = Rng.restore(snapshot.pickRng);
    this.snapshotReady = false;
  }

  private readerAt(stream: number): number {
    return readerAt(stream, this.readersBase);
  }

  /** Brings every Reader object up to date, and returns them: the active readers' slots into the table, then the table into the objects. */
  private syncReaders(): readonly Reader[] {
    for (let slot = 0; slot < this.activeCount; slot++) storeSlot(this.block, this.slotsBase, this.intsBase, slot, this.readerAt(this.streamInSlot(slot)));
    const readers = this.readerViews();
    readers.forEach((reader, stream) => readReader(this.table, this.readerAt(stream), reader));
    return readers;
  }

  /** The Reader objects, made on first use from the table's slices (their state as of their last sync). */
  private readerViews(): readonly Reader[] {
    this.readerObjects ??= this.streams.map((stream) => {
      const at = this.readerAt(stream.index);
      return new Reader(stream, this.table[at + READER_SLICE_START] as number, this.table[at + READER_SLICE_END] as number, this.gidBases[stream.index] as number);
    });
    return this.readerObjects;
  }

  /** Makes the readers of `streams` the active set, in slot order, each with its state in the table. */
  private setActive(streams: readonly number[]): void {
    assert(new Set(streams).size === streams.length, "an active set holds each reader once");
    assert(streams.length <= this.slotStride, "an active set of at most K readers");
    streams.forEach((stream, slot) => loadSlot(this.block, this.slotsBase, this.intsBase, slot, this.readerAt(stream), stream, this.groupCells));
    this.activeCount = streams.length;
    this.activeModalityCountsStale = true;
  }

  private streamInSlot(slot: number): number {
    return this.slotInts[this.intsBase + SLOT_STREAM * this.slotStride + slot] as number;
  }

  /** The FR1 snapshot of the active set as the last batch left it, at that batch's step. */
  private populateSnapshot(): void {
    const counts = this.activeModalityCounts;
    const at = this.modalityCountsAt;
    if (this.activeModalityCountsStale) {
      // A plain loop: a builtin fill() call costs more than it saves on a handful of slots.
      for (let m = 0; m < this.block.modalityCount; m++) counts[at + m] = 0;
      for (let slot = 0; slot < this.activeCount; slot++) counts[at + (this.streamModalities[this.streamInSlot(slot)] as number)]! += 1;
      this.activeModalityCountsStale = false;
      this.modalityCountsPacked = false;
    }
    this.snapshot.populateSlots(this.slots, this.slotsBase, this.slotInts, this.intsBase, this.slotStride, this.activeCount, this.snapshotStep, counts, at);
  }

  private clearDrained(): void {
    this.exhaustEventsDelta = 0;
    this.snapshotReady = false;
  }

  private streamName(index: number): string {
    return (this.streams[index] as StreamSpec).name;
  }

  private startEpoch(step: number): void {
    this.epoch++;
    const order = this.epochOrders.of(this.epoch);
    this.pool = this.allSlicesReadable
      ? order
      : order.filter((i) => (this.table[this.readerAt(i) + READER_SLICE_END] as number) > (this.table[this.readerAt(i) + READER_SLICE_START] as number));
    this.poolHead = 0;
    // The active set is empty: every reader's state is in the table.
    const table = this.table;
    for (let stream = 0; stream < this.streams.length; stream++) {
      const at = this.readerAt(stream);
      table[at + READER_POSITION] = table[at + READER_SLICE_START] as number;
    }
    if (this.trace) this.trace({ kind: "epoch_start", rank: this.rank, epoch: this.epoch, pool: this.pool.map((i) => this.streamName(i)) });
    this.fillFromPool(step);
  }

  private fillFromPool(step: number): void {
    while (this.activeCount < this.numStreamsMixed) {
      const next = this.takeFromPool(step);
      if (next < 0) return;
      const slot = this.activeCount;
      this.loadIntoSlot(slot, next);
      this.activeCount++;
      this.activeModalityCountsStale = true;
      if (this.trace) this.trace({ kind: "refill", rank: this.rank, reader: this.streamName(next), slot });
    }
  }

  /** The stream of the next pool reader, which joins at `step`; -1 when the pool is empty. */
  private takeFromPool(step: number): number {
    if (this.poolHead >= this.pool.length) return -1;
    const stream = this.pool[this.poolHead++] as number;
    const at = this.readerAt(stream);
    this.table[at + READER_JOINED] = step;
    if ((this.table[at + READER_POSITION] as number) >= (this.table[at + READER_SLICE_END] as number)) this.mayHaveExhausted = true;
    return stream;
  }

  /** Puts the reader of `stream`, which joins the active set, into `slot`, checking that it is not active already. */
  private loadIntoSlot(slot: number, stream: number): void {
    for (let i = 0; i < this.activeCount; i++) if (i !== slot && this.streamInSlot(i) === stream) assert(false, `${this.streamName(stream)} joins the active set once`);
    if (slot >= this.slotStride) assert(false, "an active set of at most K readers");
    loadSlot(this.block, this.slotsBase, this.intsBase, slot, this.readerAt(stream), stream, this.groupCells);
  }

  /** Reads up to `want` cells from the reader in `slot` (of batch size `bs`), recording the touched groups and the pick. */
  private read(slot: number, want: number, bs: number, step: number, touched: GidSink): number {
    const slots = this.slots;
    const ints = this.slotInts;
    const stride = this.slotStride;
    const at = this.slotsBase + slot;
    const intAt = this.intsBase + slot;
    const position = slots[at + SLOT_POSITION * stride] as number;
    const sliceEnd = slots[at + SLOT_SLICE_END * stride] as number;
    const remainingCells = sliceEnd - position;
    const cells = Math.min(want, remainingCells);
    // Checked before building the message: this is every batch's path.
    if (!(cells > 0)) assert(false, `an active reader has cells left (${this.streamName(this.streamInSlot(slot))} on rank ${this.rank})`);
    // The read's groups: the position's group, then each later one that starts before
    // the read's end (a read spans one group or two, most often one). A read that ends
    // on a group's end leaves the next read in the next group. No division: the slot
    // keeps its group's id and end (one group, never ending, when group_cells is 0).
    const end = position + cells;
    let gid = ints[intAt + SLOT_GID * stride] as number;
    let groupEnd = slots[at + SLOT_GROUP_END * stride] as number;
    touched.push(gid);
    if (groupEnd <= end) {
      while (groupEnd < end) {
        gid++;
        groupEnd += this.groupCells;
        touched.push(gid);
      }
      if (groupEnd === end) {
        gid++;
        groupEnd += this.groupCells;
      }
      ints[intAt + SLOT_GID * stride] = gid;
      slots[at + SLOT_GROUP_END * stride] = groupEnd;
    }
    slots[at + SLOT_POSITION * stride] = end;
    // The remaining picks, ceil(remaining cells / bs): one fewer after a whole batch
    // (exactly, in integers), counted again after a partial one.
    slots[at + SLOT_PICKS * stride] = cells === bs ? (slots[at + SLOT_PICKS * stride] as number) - 1 : Math.ceil((sliceEnd - end) / bs);
    ints[intAt + SLOT_LAST_PICKED * stride] = step;
    if (cells === remainingCells) this.mayHaveExhausted = true;
    return cells;
  }

  /**
   * Packing: the picked reader chooses the modality and the batch size; that modality's
   * active readers give cells in slot order from the first slot until the batch is full
   * or the modality runs out. Only readers that gave cells count as picked.
   */
  private packModality(picked: number, step: number, touched: GidSink): number {
    const pickedStream = this.streamInSlot(picked);
    const modality = this.streamModalities[pickedStream] as number;
    const bs = this.streamBatchSizes[pickedStream] as number;
    let need = bs;
    const takes: { reader: string; cells: number }[] | undefined = this.trace ? [] : undefined;
    for (let slot = 0; slot < this.activeCount && need > 0; slot++) {
      const stream = this.streamInSlot(slot);
      if (this.streamModalities[stream] !== modality) continue;
      const cells = this.read(slot, need, this.streamBatchSizes[stream] as number, step, touched);
      need -= cells;
      takes?.push({ reader: this.streamName(stream), cells });
    }
    if (this.trace) this.trace({ kind: "pick", rank: this.rank, reader: this.streamName(pickedStream), takes: takes ?? [] });
    return bs - need;
  }

  /**
   * Exhausted readers leave in slot order: each counts one exhaust event, loses its
   * `_last_picked_step` entry and gives its slot to the next pool reader, or, when the
   * pool is empty, its slot is removed and later slots move up (the epoch's tail).
   */
  private refillExhausted(step: number): void {
    const slots = this.slots;
    const base = this.slotsBase;
    const stride = this.slotStride;
    for (let i = 0; i < this.activeCount;) {
      // Exhausted: no cells left, so no picks left.
      if ((slots[base + SLOT_PICKS * stride + i] as number) > 0) {
        i++;
        continue;
      }
      const stream = this.streamInSlot(i);
      this.exhaustEventsDelta++;
      this.slotInts[this.intsBase + SLOT_LAST_PICKED * stride + i] = -1;
      // The reader leaves: its state goes back to the table.
      storeSlot(this.block, base, this.intsBase, i, this.readerAt(stream));
      if (this.trace) this.trace({ kind: "exhaust", rank: this.rank, reader: this.streamName(stream) });
      const next = this.takeFromPool(step);
      this.activeModalityCountsStale = true;
      if (next < 0) {
        for (let later = i + 1; later < this.activeCount; later++) moveSlot(this.block, base, this.intsBase, later, later - 1);
        this.activeCount--;
        continue;
      }
      this.loadIntoSlot(i, next);
      if (this.trace) this.trace({ kind: "refill", rank: this.rank, reader: this.streamName(next), slot: i });
      i++;
    }
  }
}
