import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { assert } from "../../../src/errors.ts";
import { type GidMail, type LogLine, RankBlock, type RankBlockSnapshot, runStreams } from "../../../src/engine/rankBlock.ts";
import type { RankRange } from "../../../src/engine/rankBlocks.ts";
import { StepMetricsPack, type StepMetricsPackBuffers } from "../../../src/streamMixing/stepMetricsPack.ts";
import { CONTROL, OPERATION, nextOperation } from "./blockControl.ts";
import { type ThreadError, threadErrorOf } from "./threadError.ts";

/** What a block's thread is started with (its worker's workerData). */
export interface RankBlockWorkerData {
  readonly config: ModelConfig;
  readonly blocks: readonly RankRange[];
  readonly block: number;
  readonly collectStepMetrics: boolean;
  readonly stepMetricsBuffers: StepMetricsPackBuffers;
  readonly packedLedgerValues: Float64Array;
  readonly from?: { readonly step: number; readonly snapshot: RankBlockSnapshot };
  readonly control: Int32Array;
  /** The port to each other block, by block index (null at its own); block 0 is the engine's. */
  readonly mailPorts: readonly (MessagePort | null)[];
  /** Where it posts its errors, snapshots and log lines for the engine. */
  readonly replyPort: MessagePort;
}

/** A message on a block's reply port. */
export type BlockReply = { readonly kind: "logs"; readonly logs: readonly LogLine[] } | { readonly kind: "snapshot"; readonly snapshot: RankBlockSnapshot } | ThreadError;

/**
 * A block's thread: builds its RankBlock, then does what the engine asks, one operation
 * at a time, until it is told to exit. It waits on the control block (Atomics.wait), not
 * on its event loop, so that a step's hand-offs cost a futex wake rather than a turn of
 * two event loops; for the same reason it reads its ports with receiveMessageOnPort.
 */
export function runRankBlockWorker(data: RankBlockWorkerData): void {
  const { control, config } = data;
  const logs: LogLine[] = [];
  const mail: GidMail = {
    send: (toBlock, gids) => (data.mailPorts[toBlock] as MessagePort).postMessage(gids),
    receive: (fromBlock) => {
      const received = receiveMessageOnPort(data.mailPorts[fromBlock] as MessagePort);
      assert(received !== undefined, () => `block ${data.block} has block ${fromBlock}'s gids of the step`);
      return received.message as Int32Array;
    },
  };
  let block: RankBlock | undefined;
  let startError: unknown;
  try {
    const streams = runStreams(config);
    const built = new RankBlock(config, {
      streams,
      blocks: data.blocks,
      block: data.block,
      stepMetricsPack: new StepMetricsPack(config.world_size, streams.modalities, data.stepMetricsBuffers),
      packedLedgerValues: data.packedLedgerValues,
      collectStepMetrics: data.collectStepMetrics,
      log: (line) => logs.push(line),
    });
    if (data.from !== undefined) built.restoreSnapshot(data.from.step, data.from.snapshot);
    // Only a block that started whole answers operations; otherwise each gets the error.
    block = built;
  } catch (error) {
    startError = error;
  }

  for (let seen = 0; ;) {
    seen = nextOperation(control, seen);
    const operation = Atomics.load(control, CONTROL.OPERATION);
    if (operation === OPERATION.EXIT) return;
    const step = Atomics.load(control, CONTROL.STEP);
    try {
      if (block === undefined) throw startError;
      if (operation === OPERATION.BATCHES) {
        block.beginStep(step);
        if (block.runBatches(step, data.collectStepMetrics, mail)) Atomics.store(control, CONTROL.DRAINED, 1);
        if (logs.length > 0) {
          data.replyPort.postMessage({ kind: "logs", logs } satisfies BlockReply);
          logs.length = 0;
          Atomics.store(control, CONTROL.LOGGED, 1);
        }
      } else if (operation === OPERATION.STORES) {
        block.runStores(step, mail);
      } else if (operation === OPERATION.SNAPSHOT) {
        data.replyPort.postMessage({ kind: "snapshot", snapshot: block.toSnapshot() } satisfies BlockReply);
      }
    } catch (error) {
      data.replyPort.postMessage(threadErrorOf(error) satisfies BlockReply);
      Atomics.store(control, CONTROL.FAILED, 1);
    }
    Atomics.add(control, CONTROL.DONE, 1);
    Atomics.notify(control, CONTROL.DONE);
  }
}
