import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

/** The project root, for tests that name real files (scenarios/, golden/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SIM_BIN = join(PROJECT_ROOT, "bin/sim.js");

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real CLI (`node bin/sim.js ...args`, the built code in dist/) as a user would,
 * in `cwd` (default the project root), with `CI` unset unless `env` sets it. It pays a
 * Node start-up per call: use it only for what needs a real process (the bin itself,
 * exit codes through the process); every other end-to-end case calls `runMain`
 * (test/helpers/runMain.ts), which runs the same command in-process. `sim mutate` reads
 * a killer test that names `runCli` or `SIM_BIN` as one that needs dist/ built.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env = childEnv(options.env);
  const result = spawnSync(process.execPath, [SIM_BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The environment of a child `sim` process: this process's, with `CI` unset unless
 * `overrides` sets it (a user's terminal, where `--update` is allowed), and each key
 * that `overrides` maps to undefined removed.
 */
function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, ...overrides };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** One command of runCliInOneProcess: its arguments and the directory it runs in. */
export interface CliCommand {
  readonly args: readonly string[];
  readonly cwd: string;
}

/**
 * The child of runCliInOneProcess: the built CLI's `main` (dist/tools/repositoryCli.js,
 * what bin/sim.js runs) on each command in turn, with the process's own I/O but for the
 * working directory and the output, which it collects and writes as one JSON line when
 * the command ends (a write to a pipe is synchronous, so a line written is kept even if
 * the process dies in the next command).
 */
const ONE_PROCESS_CHILD = `
import { join } from "node:path";
import { pathToFileURL } from "node:url";
const [root, commands] = [process.argv[1], JSON.parse(process.argv[2])];
const { main } = await import(pathToFileURL(join(root, "dist/tools/repositoryCli.js")).href);
const { processIo } = await import(pathToFileURL(join(root, "dist/sim/io/cliIo.js")).href);
for (const { args, cwd } of commands) {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { ...processIo, cwd, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  process.stdout.write(JSON.stringify({ status, stdout, stderr }) + "\\n");
}
`;

/**
 * Runs `sim` commands one after another in one process of the built CLI, each in its own
 * directory with its own output and exit code, for a test whose subject is a bound on
 * the process (its heap, through `env`'s NODE_OPTIONS, which holds for every command in
 * it) and not each command's own process: the Node start-up and the CLI's modules are
 * paid once instead of once a command (runCli's environment otherwise). A command in
 * which the process dies (out of memory, say) gets the process's exit status and stderr
 * as its result, and the commands after it run in a new process, so that each command's
 * result says what it alone did.
 */
export function runCliInOneProcess(commands: readonly CliCommand[], options: { env?: Record<string, string | undefined> } = {}): CliResult[] {
  const env = childEnv(options.env);
  const results: CliResult[] = [];
  while (results.length < commands.length) {
    const child = spawnSync(process.execPath, ["--input-type=module", "--eval", ONE_PROCESS_CHILD, PROJECT_ROOT, JSON.stringify(commands.slice(results.length))], {
      cwd: PROJECT_ROOT,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    if (child.error) throw child.error;
    const returned = child.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as CliResult);
    results.push(...returned);
    // The process ended in the command after the last that returned.
    if (results.length < commands.length)
      results.push({ status: child.status ?? -1, stdout: "", stderr: `${child.signal === null ? "" : `(killed by ${child.signal}) `}${child.stderr}` });
  }
  return results;
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = "sim-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `makeTempDir` for the tests of one file: call it at the top level of the file, and
 * every directory a test makes with the returned function is removed after that test.
 */
export function tempDirsPerTest(prefix?: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const { dir, cleanup } = makeTempDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}
