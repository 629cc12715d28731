/**
 * The words of the control block a threaded engine shares with its threads (an
 * Int32Array over a SharedArrayBuffer): the engine writes an operation and its step,
 * then bumps SEQUENCE and wakes the threads, which each do the operation, add 1 to
 * DONE and wake the engine. FAILED is set by a thread whose operation threw (its error
 * follows on its port).
 */
export const CONTROL = {
  SEQUENCE: 0,
  DONE: 1,
  FAILED: 2,
  OPERATION: 3,
  STEP: 4,
  /** Set by a thread whose ranks drained a snapshot in the step's batches. */
  DRAINED: 5,
  /** Set by a thread that posted log lines on its port after its batches. */
  LOGGED: 6,
  /**
   * The block of the first thread that ended before it was told to (0: none), and its
   * exit code: a thread that exits answers no operation, so it says so here, once, and
   * the engine stops waiting for it.
   */
  EXITED_BLOCK: 7,
  EXIT_CODE: 8,
  LENGTH: 10,
} as const;

export const OPERATION = {
  BATCHES: 1,
  STORES: 2,
  SNAPSHOT: 3,
  EXIT: 4,
} as const;
