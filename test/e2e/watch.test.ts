import { type ChildProcess, spawn } from "node:child_process";
import { get as httpGet } from "node:http";
import { createServer } from "node:net";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT, SIM_BIN } from "../helpers/runCli.ts";

/**
 * `sim watch` as a process: a port in use is exit 2 naming it; Ctrl-C (SIGINT) is exit
 * 130 with nothing left listening. (The page itself: watch.browser.test.ts.)
 */

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

function projectDir(): string {
  const { dir, cleanup } = makeTempDir("sim-watch-");
  cleanups.push(cleanup);
  mkdirSync(join(dir, "scenarios"));
  cpSync(join(PROJECT_ROOT, "test/fixtures/watch"), join(dir, "scenarios"), { recursive: true });
  return dir;
}

function startWatch(dir: string, args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SIM_BIN, "watch", "scenarios/edit.toml", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(() => void (child.exitCode === null && child.kill("SIGKILL")));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The status of GET `url` with the Host header set (fetch does not let a caller set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
}

describe("sim watch (the process)", () => {
  it("refuses a port in use with exit 2, naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    cleanups.push(() => void blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const watch = startWatch(projectDir(), ["--port", String(port)]);
    expect(await watch.exited).toBe(2);
    expect(watch.stderr()).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(watch.stdout()).toBe("");
  });

  it("serves the page on 127.0.0.1 and, on SIGINT, exits 130 with nothing left listening", async () => {
    const watch = startWatch(projectDir(), ["--port", "0"]);
    await until(() => /run 1: /.test(watch.stdout()), 60_000);
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(watch.stdout())?.[1] as string;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("sim watch");
    expect((await fetch(`${url}report`)).status).toBe(200);
    // A request that names another host (a DNS name rebound to 127.0.0.1) is refused.
    expect(await statusWithHost(url, "attacker.example")).toBe(403);
    expect(await statusWithHost(url, "localhost")).toBe(200);
    watch.child.kill("SIGINT");
    expect(await watch.exited).toBe(130);
    expect(watch.stderr()).toContain("stopped by SIGINT");
    await expect(fetch(url)).rejects.toThrow();
  });
});
