import { main } from "../../sim/cli.ts";
import type { CliIo, StopSignal } from "../../sim/io/cliIo.ts";
import type { Clock } from "../../sim/io/clock.ts";
import type { CliResult } from "./runCli.ts";
import { PROJECT_ROOT } from "./runCli.ts";

/** A clock frozen at one instant, so that in-process runs write the same times each time. */
const FIXED_ISO = "2026-01-01T00:00:00.000Z";

export interface TestIo extends CliIo {
  /** Sends a signal to the handlers the command registered (as the process would). */
  readonly raise: (signal: StopSignal) => void;
}

/** A CliIo that collects the output in memory; signals are raised by the test, never by the process. */
export function testIo(options: MainOptions & { onStdout?: (text: string) => void } = {}): TestIo & { out: () => string; err: () => string } {
  let stdout = "";
  let stderr = "";
  const handlers = new Map<StopSignal, Set<() => void>>();
  let monotonic = 0;
  return {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => void (stderr += text),
    clock: options.clock ?? { isoNow: () => FIXED_ISO, monotonicMs: () => (monotonic += 1) },
    env: { ...options.env },
    cwd: options.cwd ?? PROJECT_ROOT,
    columns: undefined,
    stderrIsTerminal: false,
    onSignal: (signal, handler) => {
      const set = handlers.get(signal) ?? new Set();
      set.add(handler);
      handlers.set(signal, set);
      return () => void set.delete(handler);
    },
    onExit: () => () => undefined,
    raise: (signal) => {
      for (const handler of handlers.get(signal) ?? []) handler();
    },
    out: () => stdout,
    err: () => stderr,
  };
}

/** Runs `sim ...args` in this process through `main(argv, io)`, as `runCli` runs it in a child. */
export interface MainOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  /** The clock the command sees (default: frozen at 2026-01-01T00:00:00Z). */
  readonly clock?: Clock;
}

export async function runMain(args: readonly string[], options: MainOptions = {}): Promise<CliResult> {
  const io = testIo(options);
  const status = await main(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}
