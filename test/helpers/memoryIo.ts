import type { CliIo } from "../../sim/io/cliIo.ts";
import { fakeClock } from "../../sim/io/clock.ts";
import type { ProgressSpec } from "../../sim/io/progressDisplay.ts";
import { type TestIo, testIo } from "./runMain.ts";

/** What a recording progress display saw: its spec, its updates and logs, and whether it was stopped. */
export interface ProgressRecord {
  readonly spec: ProgressSpec;
  readonly updates: [number, number | undefined][];
  readonly logs: string[];
  stopped: boolean;
}

/**
 * The test CliIo of test/helpers/runMain.ts (testIo) with a clock that advances on every
 * reading, and a progress factory that records every display the command starts (drawn
 * only when `stderrIsTerminal` and CI is not set in `env`). For an end-to-end case,
 * runMain does the same and returns `runCli`'s shape.
 */
export function memoryIo(
  cwd: string,
  options: { readonly stderrIsTerminal?: boolean; readonly env?: Record<string, string | undefined> } = {},
): TestIo & { readonly displays: ProgressRecord[] } {
  const displays: ProgressRecord[] = [];
  const progress: NonNullable<CliIo["progress"]> = (spec) => {
    const record: ProgressRecord = { spec, updates: [], logs: [], stopped: false };
    displays.push(record);
    return {
      update: (done, total) => void record.updates.push([done, total]),
      log: (text) => void record.logs.push(text),
      stop: () => void (record.stopped = true),
    };
  };
  return { ...testIo({ cwd, clock: fakeClock(), progress, ...options }), displays };
}
