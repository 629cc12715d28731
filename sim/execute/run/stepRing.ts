/**
 * The ring of batches in which a run's engine thread hands its steps to the writer
 * thread (runWriterThread.ts, runWriterWorker.ts): SLOTS slots of SLOT_DOUBLES numbers
 * in one SharedArrayBuffer, and a control block of Int32 words beside it. The engine
 * fills a slot with records, stores its length and bumps PUBLISHED; the writer writes
 * the slot's records out in order and bumps CONSUMED. A slot is filled again only once
 * it is consumed, so the engine runs at most SLOTS batches ahead of the files.
 *
 * Every record is numbers, opened by its tag:
 *   ROW        tag, layout, wall time (s; NaN for the fixed clock), the row's values
 *   RANK_ROW   tag, layout, the rank row's values (after its step's ROW)
 *   MESSAGE    tag: the next message on the port is part of the stream here (a new
 *              key list, a line of run.log, or a record too long for a slot)
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
} as const;

/** The words of the control block. */
export const RING_CONTROL = {
  /** Slots published by the engine, ever. */
  PUBLISHED: 0,
  /** Slots the writer has written out, ever. */
  CONSUMED: 1,
  /** Bumped (and notified) by the writer at every change the engine may wait for: ready, a slot consumed, failed, exited. */
  SIGNAL: 2,
  /** 1 once the writer opened the run's files (its "ready" message is on the port). */
  READY: 3,
  /** 1 once the writer failed (its error is on the port); it writes nothing more. */
  FAILED: 4,
  /** 1 when the writer's thread ended before it was closed, and its exit code. */
  EXITED: 5,
  EXIT_CODE: 6,
  /** Each slot's length in numbers, from here on. */
  SLOT_LENGTHS: 8,
} as const;

/** Batches in flight: enough that neither side waits on the other's hiccups, few enough to keep a heartbeat's flush short. */
export const SLOTS = 8;
/** A slot's numbers (128 KiB): hundreds of steps of a small world's rows. */
export const SLOT_DOUBLES = 16 * 1024;

export function controlWords(): number {
  return RING_CONTROL.SLOT_LENGTHS + SLOTS;
}

/** A message on the ring's port from the engine to the writer. */
export type EngineMessage =
  | { readonly kind: "keys"; readonly layout: number; readonly keys: readonly string[] }
  | { readonly kind: "log"; readonly line: string }
  | { readonly kind: "record"; readonly record: Float64Array };
