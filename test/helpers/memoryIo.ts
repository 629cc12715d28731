import type { CliIo } from "../../sim/io/cliIo.ts";
import { fakeClock } from "../../sim/io/clock.ts";
import type { ProgressSpec } from "../../sim/io/progress.ts";

/** What a recording progress display saw: its spec, its updates and logs, and whether it was stopped. */
export interface ProgressRecord {
  readonly spec: ProgressSpec;
  readonly updates: [number, number | undefined][];
  readonly logs: string[];
  stopped: boolean;
}

/**
 * A CliIo that keeps what a command prints, for running `main(argv, io)` in-process, and
 * records every progress display the command starts (drawn only when `stderrIsTerminal`
 * and CI is not set in `env`). For an end-to-end case, test/helpers/runMain.ts does the
 * same and returns `runCli`'s shape.
 */
export function memoryIo(
  cwd: string,
  options: { readonly stderrIsTerminal?: boolean; readonly env?: Record<string, string | undefined> } = {},
): CliIo & { readonly out: () => string; readonly err: () => string; readonly displays: ProgressRecord[] } {
  let out = "";
  let err = "";
  const displays: ProgressRecord[] = [];
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    clock: fakeClock(),
    env: options.env ?? {},
    cwd,
    columns: undefined,
    stderrIsTerminal: options.stderrIsTerminal ?? false,
    onSignal: () => () => undefined,
    onExit: () => () => undefined,
    progress: (spec) => {
      const record: ProgressRecord = { spec, updates: [], logs: [], stopped: false };
      displays.push(record);
      return {
        update: (done, total) => void record.updates.push([done, total]),
        log: (text) => void record.logs.push(text),
        stop: () => void (record.stopped = true),
      };
    },
    exit: (code) => {
      throw new Error(`io.exit(${code}) called in-process`);
    },
    out: () => out,
    err: () => err,
    displays,
  };
}
