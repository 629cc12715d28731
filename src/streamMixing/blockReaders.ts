import { assert } from "../errors.ts";
import type { Reader } from "./reader.ts";
import type { StreamSpec } from "./streamSpec.ts";

// A reader's record in the table: eight doubles (one cache line), reader s of the
// block's rank r at `(r * streams + s) * READER_FIELD_COUNT`.
/** The read position in cells; the step the reader last joined the active set; the plan's `_last_picked_step` entry (-1: none). */
export const READER_POSITION = 0;
export const READER_JOINED = 1;
export const READER_LAST_PICKED = 2;
/** The slice, its first ledger group id and its total picks: fixed for the run. */
export const READER_SLICE_START = 3;
export const READER_SLICE_END = 4;
export const READER_GID_BASE = 5;
export const READER_TOTAL_PICKS = 6;
const READER_FIELD_COUNT = 8;

// The fields of an active slot, in two arrays: the cell and pick counts as doubles
// (slotValues), the steps, group id and stream as int32 (slotInts). A rank's slots are
// one block of each, field-major (field f of slot i at `base + f * slotsPerRank + i`),
// so that a scan of one field over the active set reads a few adjacent values.
/** Remaining picks, kept up to date at every read (the pick's weight and FR1's remaining). */
export const SLOT_PICKS = 0;
export const SLOT_TOTAL_PICKS = 1;
/** The read position in cells, and the slice's end. */
export const SLOT_POSITION = 2;
export const SLOT_SLICE_END = 3;
/** The cell position where the position's ledger group ends (Infinity: one group per slice). */
export const SLOT_GROUP_END = 4;
const SLOT_VALUE_COUNT = 5;
/** The plan's `_last_picked_step` entry (-1: none), and the step the reader joined at. */
export const SLOT_LAST_PICKED = 0;
export const SLOT_JOINED = 1;
/** The ledger group id of the position's group. */
export const SLOT_GID = 2;
/** The reader's stream index. */
export const SLOT_STREAM = 3;
const SLOT_INT_COUNT = 4;

/**
 * The readers of a block of ranks as typed arrays: every reader's state in a table (its
 * position, join and pick steps, slice, first group id and total picks), and each
 * rank's active set as slots in slot order, each slot holding the hot state of the
 * reader in it (its remaining picks, position, pick and join steps, current ledger
 * group). While a reader is active its slot is its state; it is written back to the
 * table when the reader leaves (or the readers are read from outside). A rank-step
 * reads the rank's block of slots, a few adjacent cache lines that the ranks' order
 * walks in sequence, and a join or a leave one reader's line, where a rank-step read
 * an array of Reader objects and each of them (four or more scattered objects, a cache
 * miss each at thousands of ranks); and a read finds its ledger groups without a
 * division. The Reader objects remain the plan's view of a reader, brought up to date
 * from here when read (StreamMixingDataset.readers).
 *
 * Also each rank's count of active readers per modality, for the FR1 fan-out, and the
 * streams' batch sizes and modalities, which the ranks share.
 */
export class BlockReaders {
  readonly streamCount: number;
  readonly slotsPerRank: number;
  readonly modalityCount: number;
  readonly readerValues: Float64Array;
  readonly slotValues: Float64Array;
  readonly slotInts: Int32Array;
  readonly modalityCounts: Int32Array;
  /** Each stream's batch size and modality index, by stream index. */
  readonly streamBatchSizes: Float64Array;
  readonly streamModalities: Int32Array;

  constructor(ranks: number, slotsPerRank: number, modalityCount: number, streams: readonly StreamSpec[]) {
    assert(ranks >= 1 && slotsPerRank >= 0 && modalityCount >= 0, "the readers of at least one rank");
    this.streamCount = streams.length;
    this.slotsPerRank = slotsPerRank;
    this.modalityCount = modalityCount;
    this.readerValues = new Float64Array(ranks * streams.length * READER_FIELD_COUNT);
    this.slotValues = new Float64Array(ranks * slotsPerRank * SLOT_VALUE_COUNT);
    this.slotInts = new Int32Array(ranks * slotsPerRank * SLOT_INT_COUNT);
    this.modalityCounts = new Int32Array(ranks * modalityCount);
    this.streamBatchSizes = Float64Array.from(streams, (stream) => stream.bs);
    this.streamModalities = Int32Array.from(streams, (stream) => stream.modalityIndex);
  }

  /**
   * The readers of `ranks` datasets mixing `numStreamsMixed` of `streams`: an active set
   * holds each reader once, so a rank needs no more slots than streams.
   */
  static forDatasets(ranks: number, numStreamsMixed: number, streams: readonly StreamSpec[], modalityCount: number): BlockReaders {
    return new BlockReaders(ranks, BlockReaders.slotsPerRankOf(numStreamsMixed, streams.length), modalityCount, streams);
  }

  static slotsPerRankOf(numStreamsMixed: number, streamCount: number): number {
    return Math.min(numStreamsMixed, streamCount);
  }

  /**
   * `readers` (any streams, in any order) as the one rank of a block of their own, all
   * active in that order: for the plan's functions over a list of Reader objects.
   */
  static ofActive(readers: readonly Reader[]): BlockReaders {
    const streams = readers.map((reader, index) => ({ ...reader.stream, index }));
    const block = new BlockReaders(1, readers.length, 0, streams);
    readers.forEach((reader, index) => {
      writeReader(block.readerValues, readerAt(index), reader);
      loadSlot(block, 0, 0, index, readerAt(index), index, 0);
    });
    return block;
  }

  /** Where the block's rank `index` has its readers in `readerValues`, and its slots in `slotValues` and in `slotInts`. */
  readersBaseOf(index: number): number {
    return index * this.streamCount * READER_FIELD_COUNT;
  }

  slotValuesBaseOf(index: number): number {
    return index * this.slotsPerRank * SLOT_VALUE_COUNT;
  }

  slotIntsBaseOf(index: number): number {
    return index * this.slotsPerRank * SLOT_INT_COUNT;
  }
}

/** Where reader `stream` is in the table, from its rank's base. */
export function readerAt(stream: number, readersBase = 0): number {
  return readersBase + stream * READER_FIELD_COUNT;
}

/** Writes a Reader object's state into the table's record at `at`. */
export function writeReader(table: Float64Array, at: number, reader: Reader): void {
  table[at + READER_POSITION] = reader.position;
  table[at + READER_JOINED] = reader.joinedStep;
  table[at + READER_LAST_PICKED] = reader.lastPickedStep;
  table[at + READER_SLICE_START] = reader.sliceStart;
  table[at + READER_SLICE_END] = reader.sliceEnd;
  table[at + READER_GID_BASE] = reader.gidBase;
  table[at + READER_TOTAL_PICKS] = reader.totalPicks;
}

/** Brings a Reader object up to date with the table's record at `at`. */
export function readReader(table: Float64Array, at: number, reader: Reader): void {
  reader.position = table[at + READER_POSITION] as number;
  reader.joinedStep = table[at + READER_JOINED] as number;
  reader.lastPickedStep = table[at + READER_LAST_PICKED] as number;
}

/**
 * Puts the reader of stream `stream`, whose record is at `at` in the table, into slot
 * `slot` of the rank whose slots are at `valuesBase` and `intsBase`; `groupCells` is the
 * ledger's group size (0: one group per slice).
 */
export function loadSlot(block: BlockReaders, valuesBase: number, intsBase: number, slot: number, at: number, stream: number, groupCells: number): void {
  const table = block.readerValues;
  const values = block.slotValues;
  const ints = block.slotInts;
  const stride = block.slotsPerRank;
  const position = table[at + READER_POSITION] as number;
  const sliceStart = table[at + READER_SLICE_START] as number;
  const sliceEnd = table[at + READER_SLICE_END] as number;
  const gidBase = table[at + READER_GID_BASE] as number;
  const to = valuesBase + slot;
  values[to + SLOT_PICKS * stride] = Math.ceil((sliceEnd - position) / (block.streamBatchSizes[stream] as number));
  values[to + SLOT_TOTAL_PICKS * stride] = table[at + READER_TOTAL_PICKS] as number;
  values[to + SLOT_POSITION * stride] = position;
  values[to + SLOT_SLICE_END * stride] = sliceEnd;
  const toInt = intsBase + slot;
  ints[toInt + SLOT_LAST_PICKED * stride] = table[at + READER_LAST_PICKED] as number;
  ints[toInt + SLOT_JOINED * stride] = table[at + READER_JOINED] as number;
  ints[toInt + SLOT_STREAM * stride] = stream;
  if (groupCells === 0) {
    // One group per slice: it never ends.
    ints[toInt + SLOT_GID * stride] = gidBase;
    values[to + SLOT_GROUP_END * stride] = Infinity;
  } else {
    const group = Math.floor((position - sliceStart) / groupCells);
    ints[toInt + SLOT_GID * stride] = gidBase + group;
    values[to + SLOT_GROUP_END * stride] = sliceStart + (group + 1) * groupCells;
  }
}

/** Writes the state of the reader in slot `slot` back to its record at `at` in the table. */
export function storeSlot(block: BlockReaders, valuesBase: number, intsBase: number, slot: number, at: number): void {
  const table = block.readerValues;
  const stride = block.slotsPerRank;
  table[at + READER_POSITION] = block.slotValues[valuesBase + SLOT_POSITION * stride + slot] as number;
  table[at + READER_LAST_PICKED] = block.slotInts[intsBase + SLOT_LAST_PICKED * stride + slot] as number;
  table[at + READER_JOINED] = block.slotInts[intsBase + SLOT_JOINED * stride + slot] as number;
}

/** Copies slot `from` over slot `to` of the same rank (a slot removed, later slots moving up). */
export function moveSlot(block: BlockReaders, valuesBase: number, intsBase: number, from: number, to: number): void {
  const stride = block.slotsPerRank;
  const values = block.slotValues;
  const ints = block.slotInts;
  for (let field = 0; field < SLOT_VALUE_COUNT; field++) values[valuesBase + field * stride + to] = values[valuesBase + field * stride + from] as number;
  for (let field = 0; field < SLOT_INT_COUNT; field++) ints[intsBase + field * stride + to] = ints[intsBase + field * stride + from] as number;
}
