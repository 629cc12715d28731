import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { BlockPeers, BlockPeersFactory, BlockPeersSpec } from "../../../src/engine/blockPeers.ts";
import type { LogLine, RankBlockSnapshot } from "../../../src/engine/rankBlock.ts";
import { assert } from "../../../src/errors.ts";
import { rebuiltError } from "./threadError.ts";
import { CONTROL, OPERATION } from "./blockControl.ts";
import type { BlockReply, RankBlockWorkerData } from "./rankBlockWorker.ts";
import { siblingWorkerModule, type WorkerModule, workerModule } from "./workerModule.ts";

/**
 * The worker's bootstrap, evaluated as a script: it loads the worker module (through
 * tsx's loader when the engine runs from source, since worker threads on Node 20 do not
 * take `--import tsx`) and runs it. The engine waits on the control block, not on the
 * thread's events, so a thread that cannot answer must still say so there, or the
 * engine would wait forever: when the module cannot load or its run throws, the thread
 * answers the operation at hand and every later one with the error; when the thread
 * ends before it was told to (its code called process.exit, say), it marks itself
 * exited and wakes the engine. A thread stopped from outside (worker.terminate(), or
 * out of memory) runs no code at all, and that the engine cannot see.
 */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
const { control, replyPort, block } = workerData.data;
const c = workerData.control;
let toldToExit = false;
process.on("exit", (code) => {
  if (toldToExit || Atomics.compareExchange(control, c.EXITED_BLOCK, 0, block) !== 0) return;
  Atomics.store(control, c.EXIT_CODE, code);
  Atomics.store(control, c.FAILED, 1);
  Atomics.add(control, c.DONE, 1);
  Atomics.notify(control, c.DONE);
});
const answer = (failure, what) => {
  replyPort.postMessage({ kind: "error", name: "Error", message: what + ": " + (failure && failure.message) });
  Atomics.store(control, c.FAILED, 1);
  Atomics.add(control, c.DONE, 1);
  Atomics.notify(control, c.DONE);
};
(async () => {
  let run;
  let failure;
  let what = "the engine's thread could not load its module";
  let seen = 0;
  try {
    if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
    run = (await import(workerData.entry)).runRankBlockWorker;
  } catch (error) {
    failure = error;
  }
  if (run) {
    try {
      run(workerData.data);
      toldToExit = true;
      return;
    } catch (error) {
      failure = error;
      what = "the engine's thread of block " + block + " failed outside its operations";
      seen = Atomics.load(control, c.SEQUENCE);
      answer(failure, what);
    }
  }
  for (;;) {
    // As blockControl.ts's nextOperation: a wake-up with SEQUENCE unchanged is a late
    // notify of an operation already answered, not a new one.
    while (Atomics.load(control, c.SEQUENCE) === seen) Atomics.wait(control, c.SEQUENCE, seen);
    seen = Atomics.load(control, c.SEQUENCE);
    if (Atomics.load(control, c.OPERATION) === workerData.exit) {
      toldToExit = true;
      return;
    }
    answer(failure, what);
  }
})();
`;

/** mailPorts[a][b]: block a's port to block b, one channel per pair of blocks (null at a == b). */
function mailChannels(blockCount: number): (MessagePort | null)[][] {
  const mailPorts: (MessagePort | null)[][] = Array.from({ length: blockCount }, () => Array.from({ length: blockCount }, () => null));
  for (let a = 0; a < blockCount; a++) {
    for (let b = a + 1; b < blockCount; b++) {
      const channel = new MessageChannel();
      (mailPorts[a] as (MessagePort | null)[])[b] = channel.port1;
      (mailPorts[b] as (MessagePort | null)[])[a] = channel.port2;
    }
  }
  return mailPorts;
}

/** Starts the thread of `block`, which posts its replies on the returned port. */
function startBlockWorker(
  spec: BlockPeersSpec,
  block: number,
  control: Int32Array,
  ports: readonly (MessagePort | null)[],
  { entry, tsxApi }: WorkerModule,
): { worker: Worker; replyPort: MessagePort } {
  const reply = new MessageChannel();
  const data: RankBlockWorkerData = {
    config: spec.config,
    blocks: spec.blocks,
    block,
    collectStepMetrics: spec.collectStepMetrics,
    stepMetricsBuffers: spec.stepMetricsBuffers,
    packedLedgerValues: spec.packedLedgerValues,
    ...(spec.from !== undefined ? { from: { step: spec.from.step, snapshot: spec.from.blocks[block - 1] as RankBlockSnapshot } } : {}),
    control,
    mailPorts: ports,
    replyPort: reply.port2,
  };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    // Not the parent's flags: `--import tsx` is not for worker threads on Node 20.
    execArgv: [],
    workerData: { data, entry, tsxApi, control: CONTROL, exit: OPERATION.EXIT },
    transferList: [...ports.filter((p): p is MessagePort => p !== null), reply.port2],
  });
  // The engine waits on the control block, never on the worker's events; an unref'd
  // worker does not keep the process alive after the engine is dropped unclosed.
  worker.unref();
  return { worker, replyPort: reply.port1 };
}

/**
 * The engine's threads as node:worker_threads workers, one per block of ranks after the
 * first: what `EngineOptions.blockPeers` takes (`workerBlockPeers`). The packed per-rank
 * values are in the SharedArrayBuffers of the spec; the gids go between blocks as
 * messages on a port per pair of blocks; the engine and the threads meet on a shared
 * control block.
 */
class WorkerBlockPeers implements BlockPeers {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * Int32Array.BYTES_PER_ELEMENT));
  private readonly ownPorts: readonly (MessagePort | null)[];
  private readonly replyPorts: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private readonly peerCount: number;
  private closed = false;

  private readonly blocks: BlockPeersSpec["blocks"];

  constructor(spec: BlockPeersSpec, module: WorkerModule) {
    this.blocks = spec.blocks;
    const mailPorts = mailChannels(spec.blocks.length);
    for (let block = 1; block < spec.blocks.length; block++) {
      const { worker, replyPort } = startBlockWorker(spec, block, this.control, mailPorts[block] as (MessagePort | null)[], module);
      this.workers.push(worker);
      this.replyPorts.push(replyPort);
    }
    this.ownPorts = mailPorts[0] as (MessagePort | null)[];
    this.peerCount = spec.blocks.length - 1;
  }

  send(toBlock: number, gids: Int32Array): void {
    (this.ownPorts[toBlock] as MessagePort).postMessage(gids);
  }

  receive(fromBlock: number): Int32Array {
    const received = receiveMessageOnPort(this.ownPorts[fromBlock] as MessagePort);
    assert(received !== undefined, () => `block 0 has block ${fromBlock}'s gids of the step`);
    return received.message as Int32Array;
  }

  startBatches(step: number): void {
    this.start(OPERATION.BATCHES, step);
  }

  finishBatches(): { readonly anyDrained: boolean; readonly logs: readonly LogLine[] } {
    const replies = this.finish();
    const logs: LogLine[] = [];
    for (const reply of replies.flat()) if (reply.kind === "logs") logs.push(...reply.logs);
    return { anyDrained: Atomics.load(this.control, CONTROL.DRAINED) !== 0, logs };
  }

  startStores(step: number): void {
    this.start(OPERATION.STORES, step);
  }

  finishStores(): void {
    this.finish();
  }

  snapshots(): RankBlockSnapshot[] {
    this.start(OPERATION.SNAPSHOT, 0);
    return this.finish().map((replies, peer) => {
      const reply = replies.find((r) => r.kind === "snapshot");
      assert(reply?.kind === "snapshot", () => `block ${peer + 1} posted its snapshot`);
      return reply.snapshot;
    });
  }

  close(): void {
    if (this.closed) return;
    this.start(OPERATION.EXIT, 0);
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
    for (const port of [...this.replyPorts, ...this.ownPorts]) port?.close();
  }

  private start(operation: number, step: number): void {
    assert(!this.closed, "a closed engine is not stepped");
    if (operation !== OPERATION.EXIT) this.throwIfExited();
    const control = this.control;
    Atomics.store(control, CONTROL.DONE, 0);
    Atomics.store(control, CONTROL.FAILED, 0);
    Atomics.store(control, CONTROL.DRAINED, 0);
    Atomics.store(control, CONTROL.LOGGED, 0);
    Atomics.store(control, CONTROL.OPERATION, operation);
    Atomics.store(control, CONTROL.STEP, step);
    Atomics.add(control, CONTROL.SEQUENCE, 1);
    Atomics.notify(control, CONTROL.SEQUENCE);
  }

  /** Waits for every peer's operation; the replies each posted, by peer; a peer's error rethrown. */
  private finish(): BlockReply[][] {
    const control = this.control;
    // A thread that ended answers nothing more: once one has, the engine stops waiting.
    for (let done = Atomics.load(control, CONTROL.DONE); done < this.peerCount && Atomics.load(control, CONTROL.EXITED_BLOCK) === 0; done = Atomics.load(control, CONTROL.DONE)) {
      Atomics.wait(control, CONTROL.DONE, done);
    }
    const replies = this.replyPorts.map((port) => {
      const messages: BlockReply[] = [];
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) messages.push(m.message as BlockReply);
      return messages;
    });
    if (Atomics.load(control, CONTROL.FAILED) !== 0) {
      const failure = replies.flat().find((r) => r.kind === "error");
      if (failure?.kind === "error") throw rebuiltError(failure);
      this.throwIfExited();
      assert(false, "a failed thread posted its error");
    }
    this.throwIfExited();
    return replies;
  }

  /** A thread that ended answers no operation again: every later one fails with what happened. */
  private throwIfExited(): void {
    const exited = Atomics.load(this.control, CONTROL.EXITED_BLOCK);
    if (exited === 0) return;
    const ranks = this.blocks[exited] as { readonly first: number; readonly end: number };
    throw new Error(
      `the engine's thread of ranks ${ranks.first} to ${ranks.end - 1} (block ${exited}) ended in the middle of the run, exit code ${Atomics.load(this.control, CONTROL.EXIT_CODE)}`,
    );
  }
}

export const workerBlockPeers: BlockPeersFactory = (spec) => new WorkerBlockPeers(spec, siblingWorkerModule("rankBlockWorker", import.meta.url));

/**
 * The engine's threads running another worker module, one that exports
 * `runRankBlockWorker` as rankBlockWorker.ts does (a file URL): the tests run threads
 * that die, to see the engine fail rather than wait.
 */
export function workerBlockPeersRunning(entry: string): BlockPeersFactory {
  return (spec) => new WorkerBlockPeers(spec, workerModule(entry));
}
