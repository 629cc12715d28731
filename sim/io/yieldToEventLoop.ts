/**
 * Lets the event loop in during synchronous work (a run's or a replay's step loop, a
 * swarm's cases): signal handlers, timers and progress redraws run, then the work goes on.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
