import { AssertionError, UserError } from "../../../src/errors.ts";
import { errnoOf } from "../../io/errnoReason.ts";

/** An error thrown on a worker thread, as posted to the thread that waits for it (a structured clone keeps no class). */
export interface ThreadError {
  readonly kind: "error";
  readonly name: string;
  readonly message: string;
  /** A system error's code ("ENOSPC", "EACCES"), kept so that the error reads as it would have on the waiting thread. */
  readonly code?: string;
  /** A user error's exit code. */
  readonly exitCode?: number;
}

/** What a worker posts of an error it caught. */
export function threadErrorOf(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { kind: "error", name: "Error", message: String(error) };
  const code = errnoOf(error);
  return {
    kind: "error",
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error instanceof UserError ? { exitCode: error.exitCode } : {}),
  };
}

/**
 * A thread's error as the waiting thread's own: a user error stays a user error (its
 * message, its exit code), an assertion stays an assertion (exit 3), a system error
 * keeps its code.
 */
export function rebuiltError(failure: Omit<ThreadError, "kind">): Error {
  if (failure.name === "UserError" || failure.name === "ConfigError") return new UserError(failure.message, failure.exitCode);
  if (failure.name === "AssertionError") {
    const error = new AssertionError("");
    error.message = failure.message;
    return error;
  }
  const error: NodeJS.ErrnoException = new Error(failure.message);
  error.name = failure.name;
  if (failure.code !== undefined) error.code = failure.code;
  return error;
}
