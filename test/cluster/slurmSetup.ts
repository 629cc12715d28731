import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { PROJECT_ROOT } from "../helpers/runCli.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The local cluster's slurm.conf, for SLURM_CONF in the commands a test runs. */
    slurmConf: string;
  }
}

const SCRIPT = join(PROJECT_ROOT, "scripts/local-slurm.sh");

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for one of the daemons. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a one-node Slurm in a temporary directory (scripts/local-slurm.sh) and hands
 * its slurm.conf to the tests; the teardown stops munged, slurmctld and slurmd by their
 * pids and removes the directory, also when a test failed.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  // munged refuses a socket unless every directory on its path is executable by all, and
  // the suite's temporary directory (test/globalSetup.ts, made by mkdtemp) is 0700: open
  // it for traversal only, so nothing in it becomes listable by others.
  chmodSync(tmpdir(), 0o711);
  const dir = mkdtempSync(join(tmpdir(), "sim-slurm-"));
  const stop = (): void => {
    try {
      execFileSync(SCRIPT, ["stop", dir], { stdio: "inherit" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const ctld = await freePort();
    let slurmd = await freePort();
    while (slurmd === ctld) slurmd = await freePort();
    execFileSync(SCRIPT, ["start", dir], { stdio: "inherit", env: { ...process.env, SLURMCTLD_PORT: String(ctld), SLURMD_PORT: String(slurmd) } });
  } catch (error) {
    stop();
    throw error;
  }
  project.provide("slurmConf", join(dir, "slurm.conf"));
  return stop;
}
