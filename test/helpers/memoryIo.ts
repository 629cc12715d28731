import { fakeClock } from "../../sim/io/clock.ts";
import type { CliIo } from "../../sim/io/cliIo.ts";
import type { ProgressSpec } from "../../sim/io/progress.ts";

/** What a recording progress display saw: each display started, its updates, logs and whether it was stopped. */
export interface ProgressRecord {
  readonly spec: ProgressSpec;
  readonly updates: [number, number | undefined][];
  readonly logs: string[];
  stopped: boolean;
}

/** A CliIo in memory: stdout and stderr collected, a fake clock, and a recording progress display. */
export function memoryIo(options: { cwd: string; stderrIsTerminal?: boolean; env?: Record<string, string | undefined> }): CliIo & { out: string[]; err: string[]; displays: ProgressRecord[] } {
  const out: string[] = [];
  const err: string[] = [];
  const displays: ProgressRecord[] = [];
  return {
    out,
    err,
    displays,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    clock: fakeClock(0, 1),
    env: options.env ?? {},
    cwd: options.cwd,
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
  };
}
