import type { BatchingMode, DatasetConfig, PickWeighting } from "../../../src/config/modelConfig.ts";
import { groupIdBases } from "../../../src/ledger/groupIds.ts";
import { Rng } from "../../../src/rng/rng.ts";
import { StreamMixingDataset } from "../../../src/streamMixing/dataset.ts";
import { resolveStreams } from "../../../src/streamMixing/streamSpec.ts";
import type { LogSink, TraceEvent } from "../../../src/trace/traceEvent.ts";

export interface FixtureOptions {
  readonly dataset: DatasetConfig;
  readonly seed?: number;
  readonly rank?: number;
  readonly worldSize?: number;
  readonly numStreamsMixed?: number;
  readonly groupCells?: number;
  readonly trace?: (event: TraceEvent) => void;
  readonly log?: LogSink;
}

/** A nested dataset config of the given groups, with the defaults the tests share. */
export function nestedDataset(groups: DatasetConfig["groups"], overrides: { k?: number; bs?: number; batching?: BatchingMode; weighting?: PickWeighting } = {}): DatasetConfig {
  return {
    layout: "nested",
    num_streams_mixed: overrides.k ?? 4,
    batching_mode: overrides.batching ?? "per_stream",
    pick_weighting: overrides.weighting ?? "remaining_picks",
    bs: overrides.bs ?? 10,
    groups: groups ?? [],
  };
}

/** One rank's dataset built the way the engine builds it, without the engine around it. */
export function makeDataset(options: FixtureOptions): StreamMixingDataset {
  const rootRng = Rng.fromSeed(options.seed ?? 1);
  const resolved = resolveStreams(options.dataset, rootRng.fork("cells"));
  const worldSize = options.worldSize ?? 1;
  const rank = options.rank ?? 0;
  const groupCells = options.groupCells ?? 0;
  return new StreamMixingDataset({
    streams: resolved.streams,
    modalities: resolved.modalities,
    rank,
    worldSize,
    numStreamsMixed: options.numStreamsMixed ?? options.dataset.num_streams_mixed,
    batchingMode: options.dataset.batching_mode,
    pickWeighting: options.dataset.pick_weighting,
    rootRng,
    gidBases: groupIdBases(resolved.streams, worldSize, groupCells)[rank] as number[],
    groupCells,
    trace: options.trace,
    log: options.log,
  });
}

/** Draws one batch at `step` and returns the ledger group ids it touched. */
export function batch(dataset: StreamMixingDataset, step: number): number[] {
  const touched: number[] = [];
  dataset.nextBatch(step, touched);
  return touched;
}
