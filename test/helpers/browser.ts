import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import packagedChromium from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";

/**
 * The browser the report's tests (and the report bench) drive: headless Chromium from
 * the `@sparticuz/chromium` devDependency, which ships a Linux x64 Chromium inside the
 * npm package, so a fresh clone needs no system browser and no root. `SIM_CHROMIUM`
 * names another executable (a system Chromium or Chrome) and takes precedence.
 *
 * This module is test tooling, never part of the published package; tools/bench (run by
 * tsx, outside the build) imports it from here too.
 */

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PACKAGE_DIR = join(PROJECT_ROOT, "node_modules/@sparticuz/chromium");

/**
 * Flags that keep the browser from reaching the network on its own: the tests assert
 * that a report makes no request, and CI machines have no network beyond the registry.
 */
const QUIET_ARGS = ["--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * The packaged Chromium's flags (`--ignore-gpu-blocklist` with SwiftShader, its software
 * GL) make it rasterize pages "on the GPU" in software, which no user's Chrome does: one
 * without a GPU rasterizes on the CPU in worker threads. SwiftShader's raster of a long
 * run's report (4x multisampled for its charts' paths) took about a second of the GPU
 * thread, and a page's teardown that waits for the GPU (the first page's, one second
 * after the report loaded) stalled the report's main thread as long: the zoom that met it
 * took a second. Rasterizing on the CPU, as Chrome does without a GPU, removes that.
 */
const RASTER_ARGS = ["--disable-gpu-rasterization"];

/** Flags for a system Chromium or Chrome named by SIM_CHROMIUM (the packaged one brings its own). */
const SYSTEM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"];

/** The executable and the flags to start it with. */
export interface ChromiumExecutable {
  executablePath: string;
  args: readonly string[];
  /** Where it came from, for messages: `SIM_CHROMIUM` or `@sparticuz/chromium <version>`. */
  source: string;
}

/** The packaged Chromium's version (the npm package's), which names its unpacked copy. */
function packagedVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Where the packaged Chromium is unpacked: once per version, kept between runs in
 * node_modules/.cache (about 210 MB, where other tools keep theirs), never in the temp
 * directory, which the package would otherwise fill and which tests must leave clean.
 */
export function packagedChromiumDir(version = packagedVersion()): string {
  return join(PROJECT_ROOT, "node_modules/.cache/sim-chromium", version);
}

/**
 * Unpacks the packaged Chromium into its cache directory unless it is there already.
 * The package unpacks into `os.tmpdir()`, so a child process does it with `TMPDIR`
 * pointing at a fresh staging directory beside the cache, which is then renamed into
 * place: a directory that exists is complete, and when two test files unpack at once
 * the second rename loses and its copy is removed.
 */
async function unpackPackagedChromium(): Promise<string> {
  const version = packagedVersion();
  const dir = packagedChromiumDir(version);
  const executable = join(dir, "chromium");
  if (existsSync(executable)) return executable;
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.unpacking-`);
  try {
    const script = 'const { default: c } = await import("@sparticuz/chromium"); process.stdout.write(await c.executablePath());';
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "--eval", script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium ${version} unpacked to ${stdout}, not into ${staging}`);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another process renamed its complete copy into place first: use that one.
      if (!existsSync(executable)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return executable;
}

/**
 * The Chromium to drive: `SIM_CHROMIUM` when set (it must exist), else the packaged one,
 * which serves Linux on x64 only; elsewhere the message says to set `SIM_CHROMIUM`.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env, platform = `${process.platform}-${process.arch}`): Promise<ChromiumExecutable> {
  const named = env.SIM_CHROMIUM;
  if (named !== undefined && named !== "") {
    if (!existsSync(named))
      throw new Error(`SIM_CHROMIUM names ${named}, which does not exist: set it to a Chromium or Chrome executable, or unset it to use the packaged @sparticuz/chromium`);
    return { executablePath: named, args: [...SYSTEM_ARGS, ...QUIET_ARGS], source: "SIM_CHROMIUM" };
  }
  if (platform !== "linux-x64") {
    throw new Error(
      `the browser tests' packaged Chromium (@sparticuz/chromium) serves Linux on x64 only, and this is ${platform}: set SIM_CHROMIUM to a Chromium or Chrome executable (for example SIM_CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")`,
    );
  }
  // The package's flags are for AWS Lambda, whose sandboxing needs --single-process; a
  // single-process browser dies when playwright closes its first page's context.
  const args = packagedChromium.args.filter((arg) => arg !== "--single-process");
  return { executablePath: await unpackPackagedChromium(), args: [...args, ...QUIET_ARGS, ...RASTER_ARGS], source: `@sparticuz/chromium ${packagedVersion()}` };
}

/**
 * Launches headless Chromium with nothing that phones home; playwright gives every
 * launch a fresh temporary profile (it refuses a --user-data-dir argument) and removes
 * it on close. A browser that cannot start is a test failure that says why, never a
 * skip: the browser tests are the report's only proof that its page works.
 */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<{ browser: Browser; close: () => Promise<void>; source: string }> {
  const { executablePath, args, source } = await findChromium(env);
  const browser = await chromium.launch({ executablePath, headless: true, args: [...args] });
  return { browser, close: () => browser.close(), source };
}
