import { main } from "../../tools/repositoryCli.ts";
import type * as RepositoryCli from "../../tools/repositoryCli.ts";
import type { CliIo, StopSignal } from "../../sim/io/cliIo.ts";
import type { Clock } from "../../sim/io/clock.ts";
import { builtModule } from "./builtModule.ts";
import { type CliResult, PROJECT_ROOT } from "./runCli.ts";

/** A clock frozen at one instant, so that in-process runs write the same times each time. */
const FIXED_ISO = "2026-01-01T00:00:00.000Z";

export interface MainOptions {
  /** The command's working directory (default the project root); relative paths resolve against it. */
  readonly cwd?: string;
  /** Variables over the test process's environment; `undefined` removes one. `CI` is unset unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock the command sees (default: frozen at 2026-01-01T00:00:00Z, counting 1 ms a reading). */
  readonly clock?: Clock;
  /** Whether stderr counts as a terminal (default false, as under a pipe): progress displays draw only there. */
  readonly stderrIsTerminal?: boolean;
  /** The progress display factory (default none). */
  readonly progress?: CliIo["progress"];
}

export interface TestIo extends CliIo {
  /** Sends a signal to the handlers the command registered, as the process would. */
  readonly raise: (signal: StopSignal) => void;
  /** How many signal and exit handlers are registered right now. */
  readonly handlerCount: () => number;
  readonly out: () => string;
  readonly err: () => string;
}

/**
 * A CliIo for running a command in this process: output collected in memory, the
 * terminal absent (`columns` undefined, stderr not a terminal unless asked, as under a pipe), signals
 * raised only by the test (`raise`), and `io.exit` throwing instead of ending the test
 * process.
 */
export function testIo(options: MainOptions & { readonly onStdout?: (text: string) => void } = {}): TestIo {
  let stdout = "";
  let stderr = "";
  let monotonic = 0;
  const signalHandlers = new Map<StopSignal, Set<() => void>>();
  const exitHandlers = new Set<() => void>();
  // Each registration gets its own entry, so that one handler registered twice is removed twice.
  const register = (set: Set<() => void>, handler: () => void): (() => void) => {
    const entry = (): void => handler();
    set.add(entry);
    return () => void set.delete(entry);
  };
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, ...options.env };
  return {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => void (stderr += text),
    clock: options.clock ?? { isoNow: () => FIXED_ISO, monotonicMs: () => (monotonic += 1), epochMs: () => Date.parse(FIXED_ISO) },
    env,
    cwd: options.cwd ?? PROJECT_ROOT,
    columns: undefined,
    stderrIsTerminal: options.stderrIsTerminal ?? false,
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    onSignal: (signal, handler) => {
      const set = signalHandlers.get(signal) ?? new Set<() => void>();
      signalHandlers.set(signal, set);
      return register(set, handler);
    },
    onExit: (handler) => register(exitHandlers, handler),
    exit: (code) => {
      throw new Error(`io.exit(${code}) called in-process; a test that needs the process to end must spawn the bin (runCli)`);
    },
    raise: (signal) => {
      for (const handler of [...(signalHandlers.get(signal) ?? [])]) handler();
    },
    handlerCount: () => exitHandlers.size + [...signalHandlers.values()].reduce((sum, set) => sum + set.size, 0),
    out: () => stdout,
    err: () => stderr,
  };
}

/**
 * Runs the CLI in this process, as `sim ...args` would in a shell: `main(args, io)` with
 * a test CliIo (testIo) that collects stdout and stderr, so an end-to-end case costs what
 * the command costs and nothing for a Node start-up. The result has the same shape as the
 * spawning `runCli`'s, so a test moves from one to the other by changing the call:
 *
 *     const result = await runMain(["check", "scenarios/x.toml"], { cwd: dir, env: { CI: "true" } });
 *     expect(result.status).toBe(1);
 *     expect(result.stdout).toContain("FAIL x");
 *
 * A command that leaves a signal or exit handler registered when it returns would leak it
 * into the next in-process run, so the helper fails the test instead. Use the spawning
 * `runCli` (test/helpers/runCli.ts) only for what needs a real process: the bin itself,
 * signals, exit codes through the process, a pipe closed early.
 */
export async function runMain(args: readonly string[], options: MainOptions = {}): Promise<CliResult> {
  return runWith(main, args, options);
}

/**
 * The repository's CLI as built (dist/tools/repositoryCli.js, what bin/sim.js runs), for
 * a test that calls `main(argv, io)` itself (a command it stops with `io.raise`).
 */
export async function builtMain(): Promise<typeof main> {
  return (await builtModule<typeof RepositoryCli>("tools/repositoryCli.ts")).main;
}

/**
 * `runMain` on the built CLI (builtMain), for a command that starts workers: a sweep's or
 * a swarm's pool, or an engine's rank threads. Its workers then load the built modules,
 * as the bin's do, instead of the sources through tsx (test/helpers/builtModule.ts says
 * what that costs); everything else is runMain's.
 */
export async function runBuiltMain(args: readonly string[], options: MainOptions = {}): Promise<CliResult> {
  return runWith(await builtMain(), args, options);
}

async function runWith(run: typeof main, args: readonly string[], options: MainOptions): Promise<CliResult> {
  const io = testIo(options);
  const status = await run(args, io);
  if (io.handlerCount() > 0) throw new Error(`sim ${args.join(" ")} returned with ${io.handlerCount()} signal or exit handler(s) still registered`);
  return { status, stdout: io.out(), stderr: io.err() };
}
