/**
 * The two kinds of failure the project distinguishes. A user error (bad config, bad
 * input file) is expected: the CLI prints its message without a stack and exits with
 * its exit code. Anything else is a bug; `assert` makes the model's invariants
 * explicit so that a broken one fails loudly at the place it breaks.
 */

/** An error in what the user gave us. The CLI prints only the message. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** A model config field that the model cannot run with. */
export class ConfigError extends UserError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${field} = ${describeValue(value)}: ${expected}`);
    this.name = "ConfigError";
  }
}

/** A broken invariant: always a bug in the harness or the model, never the user's fault. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = "AssertionError";
  }
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionError(typeof message === "string" ? message : message());
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "bigint") return `${value}`;
  if (value instanceof Date) return `${value.toISOString()} (a date)`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? `${inner}` : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}
