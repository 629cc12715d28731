import { availableParallelism } from "node:os";

/**
 * The fewest rows (the reduced rows and, with --per-rank, every rank's) for which a run
 * writes its files on a thread of its own (RunWriterThread): below it, starting the
 * thread and loading its modules costs more than writing on the engine's thread saves.
 * Measured in docs/bench.md ("Writing on a thread").
 */
export const WRITER_THREAD_MIN_ROWS = 50_000;

export interface RunWriterChoice {
  /** true or false: what the caller asked for; undefined: this function's choice. */
  readonly writerThread?: boolean;
  readonly steps: number;
  readonly firstStep: number;
  readonly metricsEvery: number;
  readonly perRank: boolean;
  readonly worldSize: number;
  /** The cores the run may use (a sweep gives each run its share); default the machine's. */
  readonly cores?: number;
}

/**
 * Whether a run writes its files on a writer thread: when asked, or by default when it
 * writes at least WRITER_THREAD_MIN_ROWS rows and may use two cores or more (on one, the
 * writer would only take turns with the engine).
 */
export function writesOnThread(choice: RunWriterChoice): boolean {
  if (choice.writerThread !== undefined) return choice.writerThread;
  const writtenSteps = Math.ceil((choice.steps - choice.firstStep + 1) / choice.metricsEvery);
  const rows = writtenSteps * (1 + (choice.perRank ? choice.worldSize : 0));
  return rows >= WRITER_THREAD_MIN_ROWS && (choice.cores ?? availableParallelism()) >= 2;
}
