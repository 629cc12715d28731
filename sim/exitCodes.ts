/** The CLI's exit codes, one per failure class. */
export const EXIT = {
  /** Everything checked passed. */
  ok: 0,
  /** A check failed: golden mismatch, expectation, replay difference, surviving mutant. */
  checkFailed: 1,
  /** Bad input or usage: the message says which file, field or line. */
  badInput: 2,
  /** A bug in the harness: an assertion failed. Please report it with the command line. */
  internalError: 3,
  /** Interrupted by SIGINT or SIGTERM. */
  interrupted: 130,
} as const;
