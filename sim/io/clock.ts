/**
 * The harness's only wall clock, for progress, heartbeats and timings at the edges.
 * The model and the engine never see it (a lint rule keeps them out).
 */
export interface Clock {
  /** Milliseconds, monotonic, for durations. */
  monotonicMs(): number;
  /** The current time as an ISO 8601 string, for lifecycle events. */
  isoNow(): string;
  /** Milliseconds since the Unix epoch: only for `--wall-time now`, which asks for today's time. */
  epochMs(): number;
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  isoNow: () => new Date().toISOString(),
  epochMs: () => Date.now(),
};

/** A clock for tests: every reading advances by `stepMs`. */
export function fakeClock(startMs = 0, stepMs = 1): Clock {
  let now = startMs;
  return {
    monotonicMs: () => (now += stepMs),
    isoNow: () => new Date(Date.UTC(2026, 0, 1) + (now += stepMs)).toISOString(),
    epochMs: () => Date.UTC(2026, 0, 1) + (now += stepMs),
  };
}
