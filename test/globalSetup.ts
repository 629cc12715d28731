import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What the build reads (tsconfig.build.json's include, and the configs themselves). */
const BUILD_INPUTS = ["src", "sim", "tools/mutate", "tools/repositoryCli.ts", "package.json", "tsconfig.json", "tsconfig.build.json"];

/** The newest modification time under `path`, directories included (a deleted file changes its directory's). */
function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** Builds dist/ once (buildOnce) and watches the temporary directory (watchTempDir). */
export default function setup(): () => void {
  buildOnce();
  return watchTempDir();
}

/**
 * What may stay in the suite's temporary directory (removed with it all the same): tsx's
 * compile cache (the sweep's source workers make it; a cache, kept on purpose), and the
 * packed package that test files share (test/helpers/packedPackage.ts, kept on purpose
 * until the end). A nested vitest that sim mutate stops (its killers, its SIGINT test)
 * has its TMPDIR in the mutation's workspace (tools/mutate/workspace.ts), which goes
 * with the workspace.
 */
const TOLERATED_IN_TEMP_DIR = /^(tsx-\d+|sim-packed-package)$/;

/**
 * Tests leave nothing in the temporary directory. The suite gets one of its own, which
 * every worker and child process uses (TMPDIR), and at the end its listing must be
 * empty but for TOLERATED_IN_TEMP_DIR: a test that leaves a file or directory behind
 * fails the run, named. The directory is removed in any case, so nothing of the suite
 * stays in the system's temporary directory.
 */
function watchTempDir(): () => void {
  const previous = process.env.TMPDIR;
  const suiteTmp = mkdtempSync(join(tmpdir(), "sim-suite-"));
  // eslint-disable-next-line no-restricted-syntax -- set once before any test file runs, for the whole suite and its children
  process.env.TMPDIR = suiteTmp;
  return () => {
    // eslint-disable-next-line no-restricted-syntax -- the suite's own setting, undone
    if (previous === undefined) delete process.env.TMPDIR;
    // eslint-disable-next-line no-restricted-syntax -- the suite's own setting, undone
    else process.env.TMPDIR = previous;
    const left = readdirSync(suiteTmp).filter((entry) => !TOLERATED_IN_TEMP_DIR.test(entry));
    rmSync(suiteTmp, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`the tests left ${left.length === 1 ? "this" : "these"} in the temporary directory: ${left.sort().join(", ")}`);
  };
}

/**
 * The tests that spawn the real bin run the built code in dist/: build it once before
 * any test runs, so that a test never runs a stale build of the sources it sits beside.
 * When nothing the build reads is newer than the last build's record, the build is
 * skipped without starting the compiler (about two seconds of the suite's start even
 * when tsc itself finds nothing to do); otherwise tsc builds incrementally.
 *
 * `SIM_TEST_SKIP_BUILD=1` skips the build: `sim mutate` sets it for the warm vitest it
 * keeps in each project copy, which runs only killers that do not spawn the bin (a
 * killer that does runs through a cold vitest of its own, with the build).
 */
function buildOnce(): void {
  if (process.env.SIM_TEST_SKIP_BUILD === "1") return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const buildInfo = join(root, "dist/.tsbuildinfo");
  if (existsSync(buildInfo) && Math.max(...BUILD_INPUTS.map((input) => newestMtimeMs(join(root, input)))) < statSync(buildInfo).mtimeMs) return;
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  // tsc leaves its record alone when it finds nothing to rebuild (sources touched but not
  // changed); dist/ is now current either way, so the record's time says so.
  const now = new Date();
  utimesSync(buildInfo, now, now);
}
