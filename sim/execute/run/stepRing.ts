/**
 * The ring of batches in which a run's engine thread hands its steps to the writer
 * threads (runWriterThread.ts, runWriterWorker.ts): SLOTS slots of SLOT_DOUBLES numbers
 * in one SharedArrayBuffer, and a control block of Int32 words beside it. The engine
 * fills a slot with records, stores its length and bumps PUBLISHED; each writer reads
 * every record, writes its own files from them, in order, and bumps its CONSUMED. A
 * slot is filled again only once both writers consumed it, so the engine runs at most
 * SLOTS batches ahead of the files.
 *
 * Every record is numbers, opened by its tag:
 *   ROW        tag, layout, wall time (s; NaN for the fixed clock), the row's values
 *   RANK_ROW   tag, layout, the rank row's values (after its step's ROW)
 *   MESSAGE    tag: the next message on each writer's port is part of the stream here
 *              (a new key list, or a record too long for a slot)
 *   LOG        tag: the next message on the files writer's port is a line of run.log
 *   FLUSH      tag: hand every file's lines to the OS, then count the slot consumed
 *   FINISH     tag, exit code: end the W&B runs
 *   CLOSE      tag: close every file and post metrics.jsonl's sha256
 * A layout is a row's key list, sent once as a message; a row is then its values alone.
 */
export const STEP_RECORD = {
  ROW: 1,
  RANK_ROW: 2,
  MESSAGE: 3,
  FLUSH: 4,
  FINISH: 5,
  CLOSE: 6,
  LOG: 7,
} as const;

/** The writer threads, by index: metrics.jsonl, run.log and TensorBoard on one, the W&B runs on the other, about even shares of the writing. */
export const WRITER = {
  FILES: 0,
  WANDB: 1,
} as const;
export const WRITER_COUNT = 2;

/** The words of the control block. */
export const RING_CONTROL = {
  /** Slots published by the engine, ever. */
  PUBLISHED: 0,
  /** Bumped (and notified) by a writer at every change the engine may wait for: ready, a slot consumed, failed, exited. */
  SIGNAL: 1,
  /** 1 once a writer failed (its error is on its port); it writes nothing more. */
  FAILED: 2,
  /** 1 when a writer's thread ended before it was closed, and its exit code. */
  EXITED: 3,
  EXIT_CODE: 4,
  /** 1 once the W&B writer opened wandb/: the files writer then opens the rest (its "go" message, the W&B run's id, is on its port). */
  GO: 5,
  /** Slots each writer has written out, ever (CONSUMED + writer). */
  CONSUMED: 6,
  /** 1 once each writer opened its files (READY + writer; its "ready" message is on its port). */
  READY: 6 + WRITER_COUNT,
  /** Each slot's length in numbers, from here on. */
  SLOT_LENGTHS: 6 + 2 * WRITER_COUNT,
} as const;

/**
 * Batches in flight (8 MiB): enough that no thread waits on another's hiccups, few enough
 * to keep a heartbeat's flush short (the writers catch up at most 64 batches, tens of
 * milliseconds). A run has three busy threads (the engine's and two writers) on what are
 * often two cores, so the scheduler runs each in slices of some milliseconds; with 8
 * batches (about 6 ms of a small world's steps) the engine stood waiting for a descheduled
 * writer while the other writer had nothing left to write, leaving a core idle: on the
 * 1,000,000-step bench run the engine's thread waited 1.0 to 1.3 s for the ring, 0.2 to 0.5 s
 * with 64 batches, and the run's wall time fell in each of 6 alternated pairs (docs/bench.md,
 * "The ring's depth"); 256 batches did no better.
 */
export const SLOTS = 64;
/** A slot's numbers (128 KiB): hundreds of steps of a small world's rows. */
export const SLOT_DOUBLES = 16 * 1024;

export function controlWords(): number {
  return RING_CONTROL.SLOT_LENGTHS + SLOTS;
}

/** A message on the ring's port from the engine to the writer. */
export type EngineMessage =
  | { readonly kind: "keys"; readonly layout: number; readonly keys: readonly string[] }
  | { readonly kind: "log"; readonly line: string }
  | { readonly kind: "record"; readonly record: Float64Array }
  | { readonly kind: "go"; readonly wandbRunId: string };
