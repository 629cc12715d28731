import type { CliIo, StopSignal } from "./cliIo.ts";

/** Why a command was asked to stop ("interrupted by SIGINT"), or undefined while it was not. */
export type StopRequested = () => string | undefined;

/**
 * Runs `body` with SIGINT and SIGTERM turned into a stop request that the body polls
 * between units of work (steps, scenarios, configs), so that it can finish the unit,
 * flush and say what it wrote; the handlers are removed when the body ends. `onSignal`
 * is told of each signal as well (a command that must abort work in flight).
 */
export async function withStopSignals<T>(io: CliIo, body: (stopRequested: StopRequested) => Promise<T>, onSignal?: (signal: StopSignal) => void): Promise<T> {
  let reason: string | undefined;
  const handle = (signal: StopSignal) => (): void => {
    onSignal?.(signal);
    reason = `interrupted by ${signal}`;
  };
  const removers = [io.onSignal("SIGINT", handle("SIGINT")), io.onSignal("SIGTERM", handle("SIGTERM"))];
  try {
    return await body(() => reason);
  } finally {
    for (const remove of removers) remove();
  }
}
