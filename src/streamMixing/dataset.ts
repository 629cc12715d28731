import type { BatchingMode, PickWeighting } from "../config/modelConfig.ts";
import { UserError, assert } from "../errors.ts";
import { Rng, type RngState } from "../rng/rng.ts";
import type { LogSink, TraceSink } from "../trace/traceEvent.ts";
import { EpochOrders } from "./epochOrder.ts";
import { weightedIndex } from "./pickWeighting.ts";
import { Reader } from "./reader.ts";
import { type DatasetStateDict, truncateActive } from "./stateDict.ts";
import type { StepMetricsPack } from "./stepMetricsPack.ts";
import { StepSnapshot, countModalities } from "./stepSnapshot.ts";
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
 */
export class StreamMixingDataset {
  // The fields every batch reads come first: V8 lays an object's fields out in the
  // order they are declared, and at thousands of ranks each cache line of a rank's
  // dataset that a step touches is a miss.
  private readonly hasReadableSlice: boolean;
  /** Whether every slice of this rank has cells, so that an epoch's pool is its whole order. */
  private readonly allSlicesReadable: boolean;
  active: Reader[] = [];
  private pickRng: Rng;
  private readonly pickWeighting: PickWeighting;
  private readonly batchingMode: BatchingMode;
  private readonly groupCells: number;
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
   * The active readers of each modality, for the FR1 snapshot, counted again only when
   * the active set changed since (a reader joined or left, or a state was loaded).
   */
  private readonly activeModalityCounts: Int32Array;
  private activeModalityCountsStale = true;
  private readonly snapshot: StepSnapshot;
  private readonly pickWeights: Float64Array;
  /**
   * Stream indices of this epoch's pool, in epoch order; `poolHead` is the next to join.
   * Never changed in place (a new epoch replaces it), so a rank whose slices are all
   * readable shares the run's epoch order itself.
   */
  pool: readonly number[] = [];
  poolHead = 0;
  readonly readers: readonly Reader[];
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
    this.activeModalityCounts = new Int32Array(options.modalities.length);
    this.pickWeights = options.pickWeights ?? new Float64Array(options.numStreamsMixed);
    assert(this.pickWeights.length >= options.numStreamsMixed, "pick scratch for every active reader");
    this.trace = options.trace;
    this.log = options.log;
    this.readers = options.streams.map((stream) => {
      const { start, end } = sliceBounds(stream.cells, options.rank, options.worldSize);
      return new Reader(stream, start, end, options.gidBases[stream.index] as number);
    });
    this.hasReadableSlice = this.readers.some((r) => r.sliceCells > 0);
    this.allSlicesReadable = this.readers.every((r) => r.sliceCells > 0);
  }

  /**
   * Draws one batch at `step`, appends the ledger group ids it touches to `touched`
   * (in order), and returns the number of cells read; 0 when this rank has nothing.
   */
  nextBatch(step: number, touched: GidSink): number {
    if (!this.hasReadableSlice) return 0;
    if (this.active.length === 0) this.startEpoch(step);
    assert(this.active.length > 0, "an epoch with a readable slice fills the active set");

    const picked = this.active[weightedIndex(this.pickWeighting, this.active, this.pickRng.next(), this.pickWeights)] as Reader;
    let cells: number;
    if (this.batchingMode === "per_stream") {
      cells = this.read(picked, picked.stream.bs, step, touched);
      if (this.trace) this.trace({ kind: "pick", rank: this.rank, reader: picked.stream.name, takes: [{ reader: picked.stream.name, cells }] });
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
      return false;
    }
    this.populateSnapshot();
    pack.packSnapshot(rank, this.snapshot, this.exhaustEventsDelta);
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
    const byName = new Map(this.readers.map((r) => [r.stream.name, r]));
    const lookup = (name: string): Reader => {
      const reader = byName.get(name);
      if (reader === undefined) throw new UserError(`cannot resume rank ${this.rank}: the state dict names stream ${name}, which this dataset does not have`);
      return reader;
    };

    for (const reader of this.readers) reader.position = reader.sliceStart;
    for (const reader of this.readers) reader.lastPickedStep = -1;
    this.epoch = state.epoch;
    this.batchCount = state.batch_count;
    this.pickRng = Rng.restore(state.rng);
    this.pool = state.pool.map((name) => lookup(name).stream.index);
    this.poolHead = 0;

    const { kept, dropped } = truncateActive(state.active, this.numStreamsMixed);
    this.active = kept.map(({ stream, position }) => {
      const reader = lookup(stream);
      assert(position >= reader.sliceStart && position < reader.sliceEnd, `saved position of ${stream} inside its slice`);
      reader.position = position;
      reader.joinedStep = step;
      return reader;
    });
    this.activeModalityCountsStale = true;
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
    return {
      epoch: this.epoch,
      batchCount: this.batchCount,
      pool: [...this.pool],
      poolHead: this.poolHead,
      active: this.active.map((r) => r.stream.index),
      positions: this.readers.map((r) => r.position),
      joinedSteps: this.readers.map((r) => r.joinedStep),
      lastPickedStep: this.lastPickedStep,
      exhaustEventsDelta: this.exhaustEventsDelta,
      pickRng: this.pickRng.state(),
    };
  }

  restoreSnapshot(snapshot: DatasetSnapshot): void {
    assert(snapshot.positions.length === this.readers.length, "snapshot has one position per stream");
    this.epoch = snapshot.epoch;
    this.batchCount = snapshot.batchCount;
    this.pool = [...snapshot.pool];
    this.poolHead = snapshot.poolHead;
    this.readers.forEach((reader, i) => {
      reader.position = snapshot.positions[i] as number;
      reader.joinedStep = snapshot.joinedSteps[i] as number;
      reader.lastPickedStep = snapshot.lastPickedStep[i] as number;
    });
    this.active = snapshot.active.map((i) => this.readers[i] as Reader);
    this.activeModalityCountsStale = true;
    this.mayHaveExhausted = true;
    this.exhaustEventsDelta = snapshot.exhaustEventsDelta;
    this.pickRng = Rng.restore(snapshot.pickRng);
    this.snapshotReady = false;
  }

  /** The FR1 snapshot of the active set as the last batch left it, at that batch's step. */
  private populateSnapshot(): void {
    if (this.activeModalityCountsStale) {
      countModalities(this.active, this.activeModalityCounts);
      this.activeModalityCountsStale = false;
    }
    this.snapshot.populateCounted(this.active, this.snapshotStep, this.activeModalityCounts);
  }

  private clearDrained(): void {
    this.exhaustEventsDelta = 0;
    this.snapshotReady = false;
  }

  private streamName(index: number): string {
    return (this.readers[index] as Reader).stream.name;
  }

  private startEpoch(step: number): void {
    this.epoch++;
    const order = this.epochOrders.of(this.epoch);
    this.pool = this.allSlicesReadable ? order : order.filter((i) => (this.readers[i] as Reader).sliceCells > 0);
    this.poolHead = 0;
    for (const reader of this.readers) reader.position = reader.sliceStart;
    if (this.trace) this.trace({ kind: "epoch_start", rank: this.rank, epoch: this.epoch, pool: this.pool.map((i) => this.streamName(i)) });
    this.fillFromPool(step);
  }

  private fillFromPool(step: number): void {
    while (this.active.length < this.numStreamsMixed) {
      const next = this.takeFromPool(step);
      if (next === undefined) return;
      this.active.push(next);
      this.activeModalityCountsStale = true;
      if (this.trace) this.trace({ kind: "refill", rank: this.rank, reader: next.stream.name, slot: this.active.length - 1 });
    }
  }

  private takeFromPool(step: number): Reader | undefined {
    if (this.poolHead >= this.pool.length) return undefined;
    const reader = this.readers[this.pool[this.poolHead++] as number] as Reader;
    reader.joinedStep = step;
    if (reader.exhausted) this.mayHaveExhausted = true;
    return reader;
  }

  /** Reads up to `want` cells from `reader`, recording the touched groups and the pick. */
  private read(reader: Reader, want: number, step: number, touched: GidSink): number {
    const remainingCells = reader.remainingCells;
    const cells = Math.min(want, remainingCells);
    // Checked before building the message: this is every batch's path.
    if (!(cells > 0)) assert(false, `an active reader has cells left (${reader.stream.name} on rank ${this.rank})`);
    const first = reader.position - reader.sliceStart;
    if (this.groupCells === 0) {
      touched.push(reader.gidBase);
    } else {
      // One division for the first group; the later ones are the groups that start
      // before the read's end (a read spans one group or two, most often one).
      const groupCells = this.groupCells;
      const firstGroup = Math.floor(first / groupCells);
      const end = first + cells;
      for (let g = firstGroup, start = firstGroup * groupCells; start < end; g++, start += groupCells) touched.push(reader.gidBase + g);
    }
    reader.position += cells;
    reader.lastPickedStep = step;
    if (cells === remainingCells) this.mayHaveExhausted = true;
    return cells;
  }

  /**
   * Packing: the picked reader chooses the modality and the batch size; that modality's
   * active readers give cells in slot order from the first slot until the batch is full
   * or the modality runs out. Only readers that gave cells count as picked.
   */
  private packModality(picked: Reader, step: number, touched: GidSink): number {
    const modality = picked.stream.modalityIndex;
    let need = picked.stream.bs;
    const takes: { reader: string; cells: number }[] | undefined = this.trace ? [] : undefined;
    for (let i = 0; i < this.active.length && need > 0; i++) {
      const reader = this.active[i] as Reader;
      if (reader.stream.modalityIndex !== modality) continue;
      const cells = this.read(reader, need, step, touched);
      need -= cells;
      takes?.push({ reader: reader.stream.name, cells });
    }
    if (this.trace) this.trace({ kind: "pick", rank: this.rank, reader: picked.stream.name, takes: takes ?? [] });
    return picked.stream.bs - need;
  }

  /**
   * Exhausted readers leave in slot order: each counts one exhaust event, loses its
   * `_last_picked_step` entry and gives its slot to the next pool reader, or, when the
   * pool is empty, its slot is removed and later slots move up (the epoch's tail).
   */
  private refillExhausted(step: number): void {
    for (let i = 0; i < this.active.length;) {
      const reader = this.active[i] as Reader;
      if (!reader.exhausted) {
        i++;
        continue;
      }
      this.exhaustEventsDelta++;
      reader.lastPickedStep = -1;
      if (this.trace) this.trace({ kind: "exhaust", rank: this.rank, reader: reader.stream.name });
      const next = this.takeFromPool(step);
      this.activeModalityCountsStale = true;
      if (next === undefined) {
        this.active.splice(i, 1);
        continue;
      }
      this.active[i] = next;
      if (this.trace) this.trace({ kind: "refill", rank: this.rank, reader: next.stream.name, slot: i });
      i++;
    }
  }
}
