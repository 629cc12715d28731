import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./runCli.ts";

/** The packed package: the tarball's path and the files it ships, as `npm pack --json` lists them. */
export interface PackedPackage {
  readonly tarball: string;
  readonly shipped: readonly string[];
}

/** How long a test file waits for another to finish packing before it gives up. */
const WAIT_MS = 600_000;

/**
 * The package as a user gets it: the published build (`npm run build:package`, lib/),
 * `npm pack`ed, made once per test run and shared by the test files that install it
 * (test/package/packedTarball.test.ts, test/e2e/k8sImage.test.ts). Each used to build
 * and pack on its own, about half a minute each on a loaded machine, and when both ran
 * at once one rebuilt lib/ while the other packed it. The test files run in worker
 * threads, so the one that makes the directory below (an atomic mkdir) builds, and the
 * others wait for its `packed.json`; the directory sits in the suite's temporary
 * directory (test/globalSetup.ts), removed with it at the end.
 */
export function packedPackage(): PackedPackage {
  const dir = join(tmpdir(), "sim-packed-package");
  const record = join(dir, "packed.json");
  const failure = join(dir, "failed.txt");
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return waitFor(record, failure);
  }
  try {
    run(["run", "--silent", "build:package"]);
    const packed = JSON.parse(run(["pack", "--ignore-scripts", "--json", "--pack-destination", dir])) as { filename: string; files: { path: string }[] }[];
    const result: PackedPackage = { tarball: join(dir, packed[0]!.filename), shipped: packed[0]!.files.map((file) => file.path) };
    writeFileSync(`${record}.tmp`, JSON.stringify(result));
    renameSync(`${record}.tmp`, record);
    return result;
  } catch (error) {
    writeFileSync(failure, String(error));
    throw error;
  }
}

function run(args: readonly string[]): string {
  const result = spawnSync("npm", args, { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Waits (blocking this worker thread, which has nothing else to do) for another test file's pack. */
function waitFor(record: string, failure: string): PackedPackage {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waitedMs = 0; waitedMs < WAIT_MS; waitedMs += 200) {
    if (existsSync(record)) return JSON.parse(readFileSync(record, "utf8")) as PackedPackage;
    if (existsSync(failure)) throw new Error(`another test file failed to pack the package: ${readFileSync(failure, "utf8")}`);
    Atomics.wait(sleeper, 0, 0, 200);
  }
  throw new Error(`no packed package after ${WAIT_MS / 1000} s of waiting for another test file to pack it`);
}
