import type { ModelConfig } from "../config/modelConfig.ts";
import type { StepMetricsPackBuffers } from "../streamMixing/stepMetricsPack.ts";
import type { GidMail, LogLine, RankBlockSnapshot } from "./rankBlock.ts";
import type { RankRange } from "./rankBlocks.ts";

/** What the threads of a threaded engine are started with. */
export interface BlockPeersSpec {
  readonly config: ModelConfig;
  /** Every block, in rank order; the engine steps block 0 itself, the peers blocks 1 and on. */
  readonly blocks: readonly RankRange[];
  readonly collectStepMetrics: boolean;
  /** The whole world's packed stream_mixing vectors and ledger values, in shared memory. */
  readonly stepMetricsBuffers: StepMetricsPackBuffers;
  readonly packedLedgerValues: Float64Array;
  /** Where blocks 1 and on start: after `step`, from these snapshots (one per peer block, in order). */
  readonly from?: { readonly step: number; readonly blocks: readonly RankBlockSnapshot[] };
}

/**
 * The blocks of ranks 1 and on of a threaded engine, each stepped on a thread of its
 * own by the same RankBlock code as block 0, which the engine steps itself. The engine
 * drives them phase by phase (RankBlock's phases: batches, then stores) and waits for
 * them at the end of each; as a GidMail it sends block 0's gids to them and receives
 * theirs. The model stays pure: starting threads is the harness's business, so the
 * harness passes a factory in (sim/execute/threads/workerBlockPeers.ts).
 */
export interface BlockPeers extends GidMail {
  /** The peers begin `step` and run their ranks' batches (returns at once). */
  startBatches(step: number): void;
  /** Waits for the batches: whether any peer rank drained a snapshot, and the peers' log lines in rank order. */
  finishBatches(): { readonly anyDrained: boolean; readonly logs: readonly LogLine[] };
  /** The peers store every block's gids for their ledgers and drain them (returns at once). */
  startStores(step: number): void;
  finishStores(): void;
  /** The peer blocks' state between two steps, in block order. */
  snapshots(): RankBlockSnapshot[];
  /** Ends the threads; the engine is not stepped again. */
  close(): void;
}

export type BlockPeersFactory = (spec: BlockPeersSpec) => BlockPeers;
