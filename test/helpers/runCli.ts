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
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [SIM_BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
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
