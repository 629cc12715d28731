import type { BlockPeers, BlockPeersFactory } from "../../src/engine/blockPeers.ts";
import { type LogLine, RankBlock, runStreams } from "../../src/engine/rankBlock.ts";
import { StepMetricsPack } from "../../src/streamMixing/stepMetricsPack.ts";

/**
 * Block peers stepped one after the other on the calling thread, with the gids handed
 * over through in-memory queues: the same blocks, phases and hand-offs as the worker
 * threads (sim/execute/threads/workerBlockPeers.ts) without a thread's start-up, so a property
 * test can try many configs and splits. The worker threads have their own tests.
 */
export const inProcessBlockPeers: BlockPeersFactory = (spec): BlockPeers => {
  const count = spec.blocks.length;
  // queues[from][to]: the gids block `from` sent block `to` this step.
  const queues: Int32Array[][][] = Array.from({ length: count }, () => Array.from({ length: count }, () => []));
  const logs: LogLine[] = [];
  const streams = runStreams(spec.config);
  const peers = spec.blocks.slice(1).map((_, i) => {
    const block = new RankBlock(spec.config, {
      streams,
      blocks: spec.blocks,
      block: i + 1,
      stepMetricsPack: new StepMetricsPack(spec.config.world_size, streams.modalities, spec.stepMetricsBuffers),
      packedLedgerValues: spec.packedLedgerValues,
      collectStepMetrics: spec.collectStepMetrics,
      log: (line) => logs.push(line),
    });
    const from = spec.from;
    if (from !== undefined) block.restoreSnapshot(from.step, from.blocks[i] as (typeof from.blocks)[number]);
    return block;
  });
  const mailOf = (self: number) => ({
    send: (toBlock: number, gids: Int32Array) => void queues[self]![toBlock]!.push(gids),
    receive: (fromBlock: number) => {
      const gids = queues[fromBlock]![self]!.shift();
      if (gids === undefined) throw new Error(`block ${self} has no gids from block ${fromBlock}`);
      return gids;
    },
  });
  let anyDrained = false;
  return {
    ...mailOf(0),
    startBatches(step) {
      anyDrained = false;
      peers.forEach((block, i) => {
        block.beginStep(step);
        if (block.runBatches(step, spec.collectStepMetrics, mailOf(i + 1))) anyDrained = true;
      });
    },
    finishBatches() {
      const lines = logs.splice(0);
      return { anyDrained, logs: lines };
    },
    startStores(step) {
      peers.forEach((block, i) => block.runStores(step, mailOf(i + 1)));
    },
    finishStores() {},
    snapshots: () => peers.map((block) => block.toSnapshot()),
    close() {},
  };
};
