import { join } from "node:path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { StepResult } from "../../../src/engine/engine.ts";
import { assert } from "../../../src/errors.ts";
import { RowColumns } from "../../format/rowColumns.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { rebuiltError } from "../threads/threadError.ts";
import { siblingWorkerModule, type WorkerModule } from "../threads/workerModule.ts";
import { AppendOnlyFile } from "./appendOnlyFile.ts";
import { LifecycleEvents } from "./lifecycleEvents.ts";
import type { LineSink, RunOutputSink } from "./runOutputSink.ts";
import type { RunOutputs } from "./runOutputs.ts";
import type { RunWriterWorkerData, WriterReply } from "./runWriterWorker.ts";
import { controlWords, type EngineMessage, RING_CONTROL, SLOT_DOUBLES, SLOTS, STEP_RECORD, WRITER, WRITER_COUNT } from "./stepRing.ts";

type RunOutputsOptions = ConstructorParameters<typeof RunOutputs>[1];

/**
 * The writer thread's bootstrap, evaluated as a script: it loads the worker module
 * (through tsx's loader when the run is from source) and runs it. The engine waits on
 * the control block, not on the thread's events, so a thread that cannot answer must
 * say so there: a module that cannot load posts its error and marks the writer failed,
 * and a thread that ends before it closed the run's files (its code called process.exit,
 * say) marks itself exited and wakes the engine.
 */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
const { control, port } = workerData.data;
const c = workerData.control;
let ended = false;
const wake = () => {
  Atomics.add(control, c.SIGNAL, 1);
  Atomics.notify(control, c.SIGNAL);
};
process.on("exit", (code) => {
  if (ended) return;
  Atomics.store(control, c.EXIT_CODE, code);
  Atomics.store(control, c.EXITED, 1);
  wake();
});
(async () => {
  try {
    if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
    const run = (await import(workerData.entry)).runRunWriterWorker;
    run(workerData.data);
  } catch (error) {
    port.postMessage({ kind: "error", name: "Error", message: "the run's writer thread could not load its module: " + (error && error.message) });
    Atomics.store(control, c.FAILED, 1);
    wake();
  }
  ended = true;
  port.close();
})();
`;

/** How long the engine waits on the writer between looks at whether its thread is still there. */
const WAIT_SLICE_MS = 1000;

/**
 * A run's outputs with the per-step writing on threads of their own (docs/runs-and-replay.md,
 * "Writing on a thread"): what RunOutputs is to executeRun, with the same files and bytes.
 * The engine's thread packs each step's rows into the ring (stepRing.ts: the values alone,
 * a key list only when it changes), batches of hundreds of steps at a time, and two writer
 * threads (runWriterWorker.ts) read every step in order: one writes the W&B runs, the
 * other the rest through RunOutputs.writeStep, with run.log's lines where they came, so
 * that the two share the writing about evenly. events.jsonl and the trace are written
 * here, on the engine's thread.
 *
 * `flush()` waits until the writers have handed every step so far to the OS, so a
 * heartbeat written after it never claims a step the files do not hold; `close()` waits
 * until every file is closed. A writer's error (a full disk, a directory it may not write)
 * is thrown here at the next step, flush or close, as the engine's own.
 */
export class RunWriterThread implements RunOutputSink {
  readonly events: LifecycleEvents;
  readonly trace: AppendOnlyFile | undefined;
  readonly log: LineSink = { appendLine: (line) => this.sendLog(line) };
  readonly wandbRunId: string;
  /** The writers and the engine's end of each one's port, by stepRing.ts's WRITER index. */
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(controlWords() * Int32Array.BYTES_PER_ELEMENT));
  private readonly ring = new Float64Array(new SharedArrayBuffer(SLOTS * SLOT_DOUBLES * Float64Array.BYTES_PER_ELEMENT));
  private readonly wallTime: RunOutputsOptions["wallTime"];
  private readonly rows = new RowColumns<number>((keys) => this.newLayout(keys));
  private readonly rankRows = new RowColumns<number>((keys) => this.newLayout(keys));
  private layouts = 0;
  /** Slots published so far; the slot being filled is the next, from `slotStart` (-1: none taken yet), `used` numbers of it filled. */
  private published = 0;
  private slotStart = -1;
  private used = 0;
  /** Where `take` put the record being written: the ring, or an array of its own. */
  private out: Float64Array = this.ring;
  private sha256: string | undefined;
  private failure: Error | undefined;
  private closed = false;

  /** `module`: the writers' worker module, one that exports `runRunWriterWorker` as runWriterWorker.ts does (the tests run writers that fail). */
  constructor(outDir: string, options: RunOutputsOptions, module: WorkerModule = siblingWorkerModule("runWriterWorker", import.meta.url)) {
    this.wallTime = options.wallTime;
    try {
      for (let writer = 0; writer < WRITER_COUNT; writer++) this.startWriter(writer, outDir, options, module);
      // The W&B writer opens wandb/ first, as RunOutputs does: a wandb/ that cannot be written stops the run before anything is streamed.
      this.waitUntil(() => Atomics.load(this.control, RING_CONTROL.READY + WRITER.WANDB) === 1);
      this.wandbRunId = this.reply(WRITER.WANDB, "ready").wandbRunId;
      (this.ports[WRITER.FILES] as MessagePort).postMessage({ kind: "go", wandbRunId: this.wandbRunId } satisfies EngineMessage);
      Atomics.store(this.control, RING_CONTROL.GO, 1);
      Atomics.notify(this.control, RING_CONTROL.GO);
      this.waitUntil(() => Atomics.load(this.control, RING_CONTROL.READY + WRITER.FILES) === 1);
      this.reply(WRITER.FILES, "ready");
    } catch (error) {
      this.stopWriters();
      throw error;
    }
    this.events = new LifecycleEvents(join(outDir, RUN_FILES.events), options.clock);
    this.trace = options.trace ? new AppendOnlyFile(join(outDir, RUN_FILES.trace)) : undefined;
  }

  private startWriter(writer: number, outDir: string, options: RunOutputsOptions, { entry, tsxApi }: WorkerModule): void {
    const channel = new MessageChannel();
    this.ports.push(channel.port1);
    const { clock: _clock, wallTime, trace: _trace, ...outputs } = options;
    const data: RunWriterWorkerData = {
      writer,
      outDir,
      outputs,
      wallTime: { mode: wallTime.mode, startS: wallTime.startS },
      control: this.control,
      ring: this.ring,
      port: channel.port2,
    };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      // Not the parent's flags: `--import tsx` is not for worker threads on Node 20.
      execArgv: [],
      workerData: { data, entry, tsxApi, control: RING_CONTROL },
      transferList: [channel.port2],
    });
    // The engine waits on the control block, never on the worker's events.
    worker.unref();
    this.workers.push(worker);
  }

  writeStep(result: StepResult, keys: readonly string[], values: readonly number[]): void {
    const layout = this.rows.adopt(keys, values);
    let at = this.take(3 + values.length);
    let out = this.out;
    out[at] = STEP_RECORD.ROW;
    out[at + 1] = layout;
    out[at + 2] = this.wallTime.mode === "now" ? this.wallTime.stepS(result.row.step) : NaN;
    for (let i = 0; i < values.length; i++) out[at + 3 + i] = values[i] as number;
    this.commit(3 + values.length);
    for (const rankRow of result.perRank ?? []) {
      const rankLayout = this.rankRows.read(rankRow);
      const rankValues = this.rankRows.values;
      at = this.take(2 + rankValues.length);
      out = this.out;
      out[at] = STEP_RECORD.RANK_ROW;
      out[at + 1] = rankLayout;
      for (let i = 0; i < rankValues.length; i++) out[at + 2 + i] = rankValues[i] as number;
      this.commit(2 + rankValues.length);
    }
  }

  metricsSha256(): string {
    assert(this.sha256 !== undefined, "metrics.jsonl's sha256 is asked for after the run's files are closed");
    return this.sha256;
  }

  finishWandb(exitCode: number): void {
    if (this.failure !== undefined) return;
    const at = this.take(2);
    this.out[at] = STEP_RECORD.FINISH;
    this.out[at + 1] = exitCode;
    this.commit(2);
  }

  /** Waits until the writer has handed every step and line so far to the OS, and flushes the trace. */
  flush(): void {
    if (this.failure === undefined) {
      this.putTag(STEP_RECORD.FLUSH);
      this.publish();
      this.waitUntil(() => this.consumed() === this.published);
    }
    this.trace?.flush();
  }

  /** Waits until the writer has closed every file (a writer that failed has closed what it could); then closes events.jsonl and the trace. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.failure === undefined) {
        this.putTag(STEP_RECORD.CLOSE);
        this.publish();
        this.waitUntil(() => this.consumed() === this.published);
        this.reply(WRITER.WANDB, "closed");
        this.sha256 = this.reply(WRITER.FILES, "closed").metricsSha256;
      }
    } finally {
      this.stopWriters();
      this.trace?.close();
      this.events.close();
    }
  }

  /** A new key list or a record too long for a slot, to both writers, in the stream where it comes; nothing once a writer failed (the run is failing already). */
  private send(message: EngineMessage): void {
    if (this.failure !== undefined) return;
    this.putTag(STEP_RECORD.MESSAGE);
    for (const port of this.ports) port.postMessage(message);
  }

  /** A line of run.log, to the files writer, in the stream where it comes. */
  private sendLog(line: string): void {
    if (this.failure !== undefined) return;
    this.putTag(STEP_RECORD.LOG);
    (this.ports[WRITER.FILES] as MessagePort).postMessage({ kind: "log", line } satisfies EngineMessage);
  }

  /** Slots both writers have written out. */
  private consumed(): number {
    let consumed = Infinity;
    for (let writer = 0; writer < WRITER_COUNT; writer++) consumed = Math.min(consumed, Atomics.load(this.control, RING_CONTROL.CONSUMED + writer));
    return consumed;
  }

  private newLayout(keys: readonly string[]): number {
    const layout = this.layouts++;
    this.send({ kind: "keys", layout, keys });
    return layout;
  }

  private putTag(tag: number): void {
    const at = this.take(1);
    this.out[at] = tag;
    this.commit(1);
  }

  /**
   * Where a record of `length` numbers goes: `out[at]`, for `at` returned, in the slot
   * being filled, or in the next one once the writer has it free; `commit` then counts
   * it in. A record longer than a slot (a row of thousands of keys) goes in an array of
   * its own, which `commit` posts as a message.
   */
  private take(length: number): number {
    if (this.failure !== undefined) throw this.failure;
    if (length > SLOT_DOUBLES) {
      this.out = new Float64Array(length);
      return 0;
    }
    this.out = this.ring;
    if (this.slotStart >= 0 && this.used + length <= SLOT_DOUBLES) return this.slotStart + this.used;
    this.publish();
    this.waitUntil(() => this.published - this.consumed() < SLOTS);
    this.slotStart = (this.published % SLOTS) * SLOT_DOUBLES;
    return this.slotStart;
  }

  private commit(length: number): void {
    if (this.out === this.ring) this.used += length;
    else this.send({ kind: "record", record: this.out });
  }

  /** Hands the slot being filled to the writer. */
  private publish(): void {
    if (this.slotStart < 0) return;
    Atomics.store(this.control, RING_CONTROL.SLOT_LENGTHS + (this.published % SLOTS), this.used);
    this.published++;
    this.slotStart = -1;
    this.used = 0;
    Atomics.store(this.control, RING_CONTROL.PUBLISHED, this.published);
    Atomics.notify(this.control, RING_CONTROL.PUBLISHED);
  }

  /** Waits until `done()`, throwing the writer's error when it fails or its thread ends instead. */
  private waitUntil(done: () => boolean): void {
    const control = this.control;
    for (;;) {
      const seen = Atomics.load(control, RING_CONTROL.SIGNAL);
      if (done()) return;
      this.throwIfFailed();
      Atomics.wait(control, RING_CONTROL.SIGNAL, seen, WAIT_SLICE_MS);
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
    const control = this.control;
    if (Atomics.load(control, RING_CONTROL.FAILED) === 1) {
      const failure = this.nextReply();
      assert(failure?.kind === "error", "a failed writer posted its error");
      this.failure = rebuiltError(failure);
    } else if (Atomics.load(control, RING_CONTROL.EXITED) === 1) {
      this.failure = new Error(`the run's writer thread ended in the middle of the run, exit code ${Atomics.load(control, RING_CONTROL.EXIT_CODE)}`);
    } else {
      return;
    }
    throw this.failure;
  }

  /** The failed writer's error, the last message it posted. */
  private nextReply(): WriterReply | undefined {
    let failure: WriterReply | undefined;
    for (const port of this.ports) {
      for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
        const reply = received.message as WriterReply;
        if (reply.kind === "error") failure = reply;
      }
    }
    return failure;
  }

  private reply<Kind extends WriterReply["kind"]>(writer: number, kind: Kind): Extract<WriterReply, { kind: Kind }> {
    const reply = receiveMessageOnPort(this.ports[writer] as MessagePort)?.message as WriterReply | undefined;
    assert(reply?.kind === kind, () => `the run's writer ${writer} replied ${kind}`);
    return reply as Extract<WriterReply, { kind: Kind }>;
  }

  private stopWriters(): void {
    for (const worker of this.workers) void worker.terminate();
    for (const port of this.ports) port.close();
  }
}
