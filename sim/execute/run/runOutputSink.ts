import type { StepResult } from "../../../src/engine/engine.ts";
import type { LifecycleEvents } from "./lifecycleEvents.ts";

/** Where lines go one at a time (run.log, the trace). */
export interface LineSink {
  appendLine(line: string): void;
}

/**
 * What executeRun writes a run's files through: RunOutputs on the engine's thread, or
 * RunWriterThread with the per-step writing on a thread of its own (runWriterChoice.ts
 * says which). Both write the same bytes.
 */
export interface RunOutputSink {
  readonly events: LifecycleEvents;
  readonly log: LineSink;
  readonly trace: LineSink | undefined;
  /** The reduced W&B run's id, for artifacts.json. */
  readonly wandbRunId: string;
  /**
   * A step's row and its per-rank rows, into every per-step file. The row comes read as
   * columns by the caller (RowColumns' `keys` and `values`, valid during the call), who
   * reads it once for its own use too (the run's tally); the per-rank rows are `result`'s.
   */
  writeStep(result: StepResult, keys: readonly string[], values: readonly number[]): void;
  /** Ends the W&B runs: 0 for a completed run, 1 for one that stopped early. Before close(). */
  finishWandb(exitCode: number): void;
  /** Hands every line and row so far to the OS (the run does at each heartbeat). */
  flush(): void;
  close(): void;
  /** metrics.jsonl's sha256 as written; once, after close(), for a completed run. */
  metricsSha256(): string;
}
