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

/**
 * Waits until the engine starts the operation after the one numbered `seen` and returns
 * its number (the new SEQUENCE). A wake-up alone is not a new operation: the engine
 * bumps SEQUENCE and then notifies, so a thread can see the bump, do the operation and
 * wait again before that notify runs, which then wakes it with SEQUENCE unchanged. A
 * thread that took that wake for the next operation did the same one twice (a step's
 * batches drawn twice on its ranks, one DONE too many), which on a loaded machine
 * changed a row or left a block without another's gids.
 */
export function nextOperation(control: Int32Array, seen: number): number {
  for (let sequence = Atomics.load(control, CONTROL.SEQUENCE); ; sequence = Atomics.load(control, CONTROL.SEQUENCE)) {
    if (sequence !== seen) return sequence;
    Atomics.wait(control, CONTROL.SEQUENCE, seen);
  }
}
