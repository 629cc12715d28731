import { main } from "../../sim/cli.ts";
import type { CliIo, StopSignal } from "../../sim/io/cliIo.ts";
import { systemClock } from "../../sim/io/clock.ts";
import { type CliResult, PROJECT_ROOT } from "./runCli.ts";

export interface RunMainOptions {
  /** The command's working directory (default the project root); relative paths resolve against it. */
  readonly cwd?: string;
  /** Variables over the test process's environment; `undefined` removes one. `CI` is unset unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the CLI in this process, as `sim ...args` would in a shell: `main(args, io)` with
 * a test CliIo that collects stdout and stderr, so an end-to-end case costs what the
 * command costs and nothing for a Node start-up. The result has the same shape as the
 * spawning `runCli`'s, so a test moves from one to the other by changing the call:
 *
 *     const result = await runMain(["check", "scenarios/x.toml"], { cwd: dir, env: { CI: "true" } });
 *     expect(result.status).toBe(1);
 *     expect(result.stdout).toContain("FAIL x");
 *
 * What differs from a real process, on purpose: the terminal is absent (`columns`
 * undefined, stderr not a terminal, as under a pipe); signals never arrive; `io.exit`
 * throws instead of ending the test process. A command that leaves a signal or exit
 * handler registered when it returns would leak it into the next in-process run, so the
 * helper fails the test instead. Use the spawning `runCli` (test/helpers/runCli.ts) only
 * for what needs a real process: the bin itself, signals, exit codes through the process,
 * a pipe closed early.
 */
export async function runMain(args: readonly string[], options: RunMainOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const handlers = new Set<() => void>();
  const register = (handler: () => void): (() => void) => {
    // Each registration gets its own entry, so that one handler registered twice is removed twice.
    const entry = (): void => handler();
    handlers.add(entry);
    return () => void handlers.delete(entry);
  };
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    clock: systemClock,
    env: { ...process.env, CI: undefined, ...options.env },
    cwd: options.cwd ?? PROJECT_ROOT,
    columns: undefined,
    stderrIsTerminal: false,
    onSignal: (_signal: StopSignal, handler) => register(handler),
    onExit: (handler) => register(handler),
    exit: (code) => {
      throw new Error(`sim ${args.join(" ")} called io.exit(${code}) in-process; a test that needs the process to end must spawn the bin (runCli)`);
    },
  };
  const status = await main(args, io);
  if (handlers.size > 0) throw new Error(`sim ${args.join(" ")} returned with ${handlers.size} signal or exit handler(s) still registered`);
  return { status, stdout, stderr };
}
