import type { CliIo } from "../../sim/io/cliIo.ts";
import { fakeClock } from "../../sim/io/clock.ts";

/** A CliIo that keeps what a command prints, for running `main(argv, io)` in-process. */
export function memoryIo(cwd: string): CliIo & { readonly out: () => string; readonly err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    clock: fakeClock(),
    env: {},
    cwd,
    columns: undefined,
    stderrIsTerminal: false,
    onSignal: () => () => undefined,
    onExit: () => () => undefined,
    out: () => out,
    err: () => err,
  };
}
