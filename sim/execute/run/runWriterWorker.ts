import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { assert } from "../../../src/errors.ts";
import { systemClock } from "../../io/clock.ts";
import { type ThreadError, threadErrorOf } from "../threads/threadError.ts";
import { openWandbRuns, RunOutputs } from "./runOutputs.ts";
import { type EngineMessage, RING_CONTROL, SLOT_DOUBLES, SLOTS, STEP_RECORD, WRITER } from "./stepRing.ts";
import { fixedWallTime, type WallTime, type WallTimeMode } from "./wallTime.ts";

type RunOutputsOptions = ConstructorParameters<typeof RunOutputs>[1];

/** What a writer thread is started with (its worker's workerData). */
export interface RunWriterWorkerData {
  /** Which files it writes (stepRing.ts's WRITER): the W&B runs, or the rest. */
  readonly writer: number;
  readonly outDir: string;
  /** RunOutputs' options but the clock and the wall time, which are functions (the trace stays on the engine's thread). */
  readonly outputs: Omit<RunOutputsOptions, "clock" | "wallTime" | "trace">;
  /** The wall time's mode and start; with "now", each ROW record carries its step's time, read on the engine's thread. */
  readonly wallTime: { readonly mode: WallTimeMode; readonly startS: number };
  readonly control: Int32Array;
  readonly ring: Float64Array;
  /** The engine's messages come in here (EngineMessage), and the writer's replies go out (WriterReply). */
  readonly port: MessagePort;
}

/** A message on the ring's port from the writer to the engine. */
export type WriterReply = { readonly kind: "ready"; readonly wandbRunId: string } | { readonly kind: "closed"; readonly metricsSha256?: string } | ThreadError;

/** What a writer does with the ring's records: the W&B runs' writer, or the files writer's RunOutputs without them. */
interface StepSink {
  readonly wandbRunId: string;
  /** A step's row as columns, then each of its ranks' rows (as RunOutputs.writeStep writes them). */
  writeRow(keys: readonly string[], values: readonly number[]): void;
  writeRankRow(keys: readonly string[], values: readonly number[]): void;
  /** A line of run.log (the files writer only). */
  appendLog(line: string): void;
  flush(): void;
  finishWandb(exitCode: number): void;
  /** Closes every file; metrics.jsonl's sha256 from the files writer. */
  close(): string | undefined;
}

/** A key list sent by the engine, and the array a row of those keys is copied into for the writers (reused: they read it during the call only). */
interface Layout {
  readonly keys: readonly string[];
  readonly values: number[];
}

/**
 * A writer thread of a run (docs/runs-and-replay.md, "Writing on a thread"): the W&B
 * writer opens the W&B runs, the files writer then opens the rest with RunOutputs, as a
 * run on one thread does; each writes the steps the engine's thread puts in the ring
 * (stepRing.ts), in order, through the same code as RunOutputs.writeStep, so that the
 * files are the same bytes. It waits on the control block, not on its event loop, and
 * reads its port with receiveMessageOnPort. An error (a full disk, a directory it may not
 * write) closes what it can, is posted to the engine and ends the thread; the engine
 * rethrows it.
 */
export function runRunWriterWorker(data: RunWriterWorkerData): void {
  const { control, port } = data;
  let sink: StepSink | undefined;
  try {
    const stepWallTime = { seconds: NaN };
    const wallTime = wallTimeOf(data.wallTime, data.outputs.firstStep, stepWallTime);
    sink = data.writer === WRITER.WANDB ? wandbSink(data, wallTime) : filesSink(data, wallTime);
    port.postMessage({ kind: "ready", wandbRunId: sink.wandbRunId } satisfies WriterReply);
    signal(control, RING_CONTROL.READY + data.writer);
    new RingReader(data, sink, stepWallTime).readToClose();
  } catch (error) {
    try {
      // What was written so far reaches the disk, as when a run on one thread fails.
      sink?.close();
    } catch {
      // The first error is the one to report.
    }
    port.postMessage(threadErrorOf(error) satisfies WriterReply);
    signal(control, RING_CONTROL.FAILED);
  }
}

function wandbSink(data: RunWriterWorkerData, wallTime: WallTime): StepSink {
  const wandb = openWandbRuns(data.outDir, { ...data.outputs, wallTime });
  return {
    wandbRunId: wandb.runId,
    writeRow: (keys, values) => wandb.writeColumns(keys, values),
    writeRankRow: (keys, values) => wandb.writeRankColumns(keys, values),
    appendLog: () => assert(false, "the W&B writer is given no line of run.log"),
    // The W&B runs' chunks go out as they fill, on one thread as here.
    flush: () => undefined,
    finishWandb: (exitCode) => wandb.finish(exitCode),
    close: () => {
      wandb.close();
      return undefined;
    },
  };
}

/** The files writer opens its files once the W&B writer has opened wandb/ (the event files are named after its run). */
function filesSink(data: RunWriterWorkerData, wallTime: WallTime): StepSink {
  const { control, port } = data;
  while (Atomics.load(control, RING_CONTROL.GO) === 0) Atomics.wait(control, RING_CONTROL.GO, 0);
  const go = receiveMessageOnPort(port)?.message as EngineMessage | undefined;
  assert(go?.kind === "go", "the files writer is told the W&B run's id");
  const outputs = new RunOutputs(data.outDir, { ...data.outputs, trace: false, clock: systemClock, wallTime, wandbElsewhere: go.wandbRunId });
  return {
    wandbRunId: go.wandbRunId,
    writeRow: (keys, values) => outputs.writeRowColumns(keys, values),
    writeRankRow: (keys, values) => outputs.writeRankColumns(keys, values),
    appendLog: (line) => outputs.log.appendLine(line),
    flush: () => outputs.flush(),
    finishWandb: () => undefined,
    close: () => {
      outputs.close();
      return outputs.metricsSha256();
    },
  };
}

/** The fixed clock, or the engine's reading of the real one carried by each step's record. */
function wallTimeOf(wallTime: RunWriterWorkerData["wallTime"], firstStep: number, stepWallTime: { seconds: number }): WallTime {
  return wallTime.mode === "fixed" ? fixedWallTime(firstStep) : { mode: "now", startS: wallTime.startS, stepS: () => stepWallTime.seconds };
}

function signal(control: Int32Array, word: number): void {
  Atomics.store(control, word, 1);
  Atomics.add(control, RING_CONTROL.SIGNAL, 1);
  Atomics.notify(control, RING_CONTROL.SIGNAL);
}

/** Reads the ring's records in order and writes them out. */
class RingReader {
  private readonly layouts = new Map<number, Layout>();
  private closed = false;

  constructor(
    private readonly data: RunWriterWorkerData,
    private readonly sink: StepSink,
    private readonly stepWallTime: { seconds: number },
  ) {}

  readToClose(): void {
    const { control, ring } = this.data;
    for (let consumed = 0; !this.closed; consumed++) {
      while (Atomics.load(control, RING_CONTROL.PUBLISHED) === consumed) Atomics.wait(control, RING_CONTROL.PUBLISHED, consumed);
      const slot = consumed % SLOTS;
      const start = slot * SLOT_DOUBLES;
      const end = start + Atomics.load(control, RING_CONTROL.SLOT_LENGTHS + slot);
      for (let at = start; at < end;) at = this.readRecord(ring, at);
      Atomics.store(control, RING_CONTROL.CONSUMED + this.data.writer, consumed + 1);
      Atomics.add(control, RING_CONTROL.SIGNAL, 1);
      Atomics.notify(control, RING_CONTROL.SIGNAL);
    }
  }

  /** Reads the record at `records[at]`; returns the offset after it. */
  private readRecord(records: Float64Array, at: number): number {
    const tag = records[at] as number;
    // A row goes to the writers as the columns a run on one thread reads it into (RunOutputs.writeStep): no row object is made again.
    if (tag === STEP_RECORD.ROW) {
      this.stepWallTime.seconds = records[at + 2] as number;
      const layout = this.layout(records[at + 1] as number);
      this.sink.writeRow(layout.keys, copy(layout, records, at + 3));
      return at + 3 + layout.keys.length;
    }
    if (tag === STEP_RECORD.RANK_ROW) {
      const layout = this.layout(records[at + 1] as number);
      this.sink.writeRankRow(layout.keys, copy(layout, records, at + 2));
      return at + 2 + layout.keys.length;
    }
    if (tag === STEP_RECORD.MESSAGE) {
      this.readMessage();
      return at + 1;
    }
    // A line of run.log goes after the rows before it, as the TensorBoard writer's warnings do; it is the files writer's alone.
    if (tag === STEP_RECORD.LOG && this.data.writer !== WRITER.FILES) return at + 1;
    if (tag === STEP_RECORD.LOG) this.sink.appendLog(this.message("log").line);
    else if (tag === STEP_RECORD.FLUSH) this.sink.flush();
    else if (tag === STEP_RECORD.FINISH) this.sink.finishWandb(records[at + 1] as number);
    else if (tag === STEP_RECORD.CLOSE) this.close();
    else assert(false, `the run's writer read a record tagged ${tag}`);
    return at + (tag === STEP_RECORD.FINISH ? 2 : 1);
  }

  private readMessage(): void {
    const message = this.message(undefined);
    if (message.kind === "keys") this.layouts.set(message.layout, { keys: message.keys, values: [] });
    else if (message.kind === "record") for (let at = 0; at < message.record.length;) at = this.readRecord(message.record, at);
    else assert(false, `the run's writer was sent a ${message.kind} message in the stream`);
  }

  /** The next message on the port, of `kind` when one is named. */
  private message<Kind extends EngineMessage["kind"]>(kind: Kind | undefined): Extract<EngineMessage, { kind: Kind }> {
    const message = receiveMessageOnPort(this.data.port)?.message as EngineMessage | undefined;
    assert(message !== undefined && (kind === undefined || message.kind === kind), () => `the run's writer has the engine's ${kind ?? ""} message`);
    return message as Extract<EngineMessage, { kind: Kind }>;
  }

  private layout(id: number): Layout {
    const layout = this.layouts.get(id);
    assert(layout !== undefined, () => `the run's writer knows the key list ${id}`);
    return layout;
  }

  private close(): void {
    const metricsSha256 = this.sink.close();
    this.data.port.postMessage({ kind: "closed", ...(metricsSha256 !== undefined ? { metricsSha256 } : {}) } satisfies WriterReply);
    this.closed = true;
  }
}

/** The layout's values array, filled with the `keys.length` numbers at `values[at]`. */
function copy(layout: Layout, values: Float64Array, at: number): number[] {
  const target = layout.values;
  for (let i = 0; i < layout.keys.length; i++) target[i] = values[at + i] as number;
  return target;
}
