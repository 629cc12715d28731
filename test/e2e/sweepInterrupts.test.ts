import { spawn } from "node:child_process";
import { cpSync, type Dirent, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT, SIM_BIN, tempDirsPerTest, type CliResult } from "../helpers/runCli.ts";
import { runBuiltMain } from "../helpers/runMain.ts";

/**
 * Stopping a sweep or a swarm as a user does (issue 25): Ctrl-C on a terminal signals the
 * whole process group, workers included, and a machine that dies takes every process
 * with it at any moment. Each command runs as the real bin in a process group of its own,
 * so the test can signal the group as a terminal would and then see that none of it is
 * left.
 */
const tempDir = tempDirsPerTest("sim-sweep-interrupts-");
const SMALL = join(PROJECT_ROOT, "test/fixtures/sweeps/small_sweep.toml");
const MANY = join(PROJECT_ROOT, "test/fixtures/sweeps/many_sweep.toml");
/** Files a run writes with wall-clock times in them: they differ between any two runs. */
const WALL_CLOCK_FILES = new Set(["events.jsonl", "heartbeat.json"]);

interface GroupProcess {
  readonly pid: number;
  /** What it has printed on stdout so far. */
  readonly stdout: () => string;
  readonly done: Promise<CliResult & { readonly exitedAtMs: number }>;
}

/** The real bin in a process group of its own (its pid is the group's id). */
function spawnGroup(args: readonly string[], cwd: string): GroupProcess {
  const child = spawn(process.execPath, [SIM_BIN, ...args], { cwd, detached: true, env: { ...process.env, CI: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const done = new Promise<CliResult & { exitedAtMs: number }>((resolve) =>
    child.on("close", (code, signal) => resolve({ status: code ?? (signal === null ? -1 : 128), stdout, stderr, exitedAtMs: Date.now() })),
  );
  return { pid: child.pid as number, stdout: () => stdout, done };
}

/** The pids of a process's children (its pool's workers), as the kernel lists them. */
function childrenOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

/** Whether any process of the group is still alive (a worker left behind). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether any process of the group is still running: one that is not a zombie. A process
 * killed with SIGKILL has closed its files and ended before it turns zombie; it stays one
 * only until its parent reaps it, and the workers of a killed sweep are orphans, reaped by
 * pid 1 in its own time (1 to 2 s after the kill on the test machine, where `groupAlive`,
 * which counts zombies, waited for it at every kill point).
 */
function groupRunning(pgid: number): boolean {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // The process ended while the list was read.
    }
    // The fields after the command's name, which is in parentheses and may hold spaces: state, ppid, pgrp, ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Run directories under a sweep directory whose run completed (artifacts.json written). */
function completedConfigs(sweepDir: string): string[] {
  if (!existsSync(sweepDir)) return [];
  return readdirSync(sweepDir).filter((name) => existsSync(join(sweepDir, name, "artifacts.json")));
}

/** When each config's run started (its STARTED event), by config. */
function startTimesMs(sweepDir: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const name of readdirSync(sweepDir)) {
    const events = join(sweepDir, name, "events.jsonl");
    if (!existsSync(events)) continue;
    const first = readFileSync(events, "utf8").split("\n")[0] ?? "";
    if (first === "") continue;
    times.set(name, Date.parse((JSON.parse(first) as { time: string }).time));
  }
  return times;
}

/** Every file under a sweep directory with its bytes, less the wall-clock ones. */
function sweepFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]) {
    if (!entry.isFile() || WALL_CLOCK_FILES.has(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = readFileSync(path).toString("base64");
  }
  return out;
}

describe("Ctrl-C to the process group", () => {
  it("stops a sweep within a second: exit 130, no stack, no worker left, no config started after the signal", async () => {
    const dir = tempDir();
    const out = join(dir, "sweep");
    const sweep = spawnGroup(["sweep", MANY, "--out", out, "--jobs", "2"], dir);
    await waitFor("a config to complete", () => completedConfigs(out).length >= 1);
    const signalledAtMs = Date.now();
    process.kill(-sweep.pid, "SIGINT");
    const stopped = await sweep.done;
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("sweep stopped (interrupted by SIGINT); rerun the same command to resume");
    expect(stopped.stderr).not.toMatch(/internal error|\n\s+at |failed:/);
    // Within a second on a quiet machine; the bound leaves room for a loaded one.
    expect(stopped.exitedAtMs - signalledAtMs).toBeLessThan(5000);
    // Its workers end with it: a killed worker is gone once the kernel has reaped it, a moment after.
    await waitFor("no process of the sweep's group to be left", () => !groupAlive(sweep.pid), 3000);
    // The sweep takes no config once it has seen the signal (it lets the signal's callback
    // run before taking one, runSweep.ts), but a config taken just before, as its lane's
    // last result came in, starts a moment later in its worker: on a loaded machine more
    // than a moment (a start more than 250 ms after the signal was seen once under heavy
    // load). So what is held is that no lane went on: past 250 ms, at most the one config
    // per worker (--jobs 2) handed out as the signal arrived, where a sweep that took
    // configs after the signal would start one after another.
    const lateStarts = [...startTimesMs(out)].filter(([, startedMs]) => startedMs > signalledAtMs + 250);
    expect(lateStarts.length, JSON.stringify(lateStarts)).toBeLessThanOrEqual(2);
    expect(completedConfigs(out).length).toBeLessThan(40);
  }, 120_000);

  it("stops a swarm on workers with exit 130 and its summary, not 'Worker exited unexpectedly'", async () => {
    const dir = tempDir();
    const swarm = spawnGroup(["swarm", "--seed", "7", "--minutes", "5", "--jobs", "2", "--out", "failures"], dir);
    // Signalled once its two workers are up and have had a moment to take their first
    // cases (the seed line is printed before the first run), rather than after a fixed
    // 3 s: on an idle machine those were about 6 s of CPU spent on swarm cases, and on a
    // loaded one the workers might not even have started by then.
    await waitFor("the swarm's seed line and its two worker processes", () => /^swarm seed 7 /.test(swarm.stdout()) && childrenOf(swarm.pid).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalledAtMs = Date.now();
    process.kill(-swarm.pid, "SIGINT");
    const stopped = await swarm.done;
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).not.toMatch(/internal error|Worker exited|\n\s+at /);
    expect(stopped.stdout).toMatch(/^swarm seed 7 /);
    expect(stopped.exitedAtMs - signalledAtMs).toBeLessThan(5000);
    await waitFor("no process of the swarm's group to be left", () => !groupAlive(swarm.pid), 3000);
  }, 120_000);
});

/**
 * One clean sweep of SMALL for the tests below, made once through the bin (its time sets
 * the kill points), which they compare against or start from a copy of. Sweeps here run
 * the built code, through the bin or in-process through runBuiltMain, never runMain: a
 * sweep of the sources has its pool workers load them through tsx, about twice the CPU of
 * the built workers per sweep (some 0.6 s of about 1 s).
 */
let cleanSweep: { dir: string; ms: number; files: Record<string, string> };
let cleanupCleanSweep: (() => void) | undefined;

beforeAll(async () => {
  const temp = makeTempDir("sim-sweep-interrupts-clean-");
  cleanupCleanSweep = temp.cleanup;
  const dir = join(temp.dir, "clean");
  const started = Date.now();
  const cleanRun = await spawnGroup(["sweep", SMALL, "--out", dir, "--jobs", "1"], temp.dir).done;
  expect(cleanRun.status, cleanRun.stderr).toBe(0);
  cleanSweep = { dir, ms: cleanRun.exitedAtMs - started, files: sweepFiles(dir) };
}, 120_000);

afterAll(() => cleanupCleanSweep?.());

/** A copy of the clean sweep at `out`, as if it had just run there. */
function copyOfCleanSweep(out: string): string {
  cpSync(cleanSweep.dir, out, { recursive: true });
  return out;
}

describe("a sweep killed with SIGKILL", () => {
  it("is completed by a plain rerun, byte for byte as a sweep never killed, wherever the kill fell", async () => {
    const dir = tempDir();
    // Kill points spread over the clean sweep's time: before sweep.json, among the configs,
    // at their end. The sweeps here, the clean one that sets the kill points among them,
    // run on one worker process: a kill falls on the sweep's process and its worker, one
    // config's run in flight, wherever it falls as with two workers, and each of the ten
    // is one process fewer to start (about 0.14 s of CPU), as is each rerun.
    const points = 10;
    for (let i = 0; i < points; i++) {
      const out = join(dir, `killed-${i}`);
      const sweep = spawnGroup(["sweep", SMALL, "--out", out, "--jobs", "1"], dir);
      await new Promise((resolve) => setTimeout(resolve, Math.round((0.9 * cleanSweep.ms * (i + 1)) / (points + 1))));
      // Under load a sweep may end before its kill point: then the rerun has nothing to do.
      try {
        process.kill(-sweep.pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
      await sweep.done;
      await waitFor("no process of the killed group to be running", () => !groupRunning(sweep.pid), 10_000);
      // The rerun is a plain one, in-process: what is under test is the kill, not the rerun's process.
      const rerun = await runBuiltMain(["sweep", SMALL, "--out", out, "--jobs", "1"], { cwd: dir });
      expect(rerun.status, `kill point ${i}: ${rerun.stderr}`).toBe(0);
      expect(sweepFiles(out), `kill point ${i}`).toEqual(cleanSweep.files);
    }
  }, 300_000);

  it("clears the sweep's top-level temporaries on a whole rerun, but a shard leaves them to the shards writing beside it", async () => {
    const out = copyOfCleanSweep(join(tempDir(), "sweep"));
    const temporary = join(out, "sweep.json.2718281828");
    writeFileSync(temporary, readFileSync(join(out, "sweep.json")));
    const shard = await runBuiltMain(["sweep", SMALL, "--out", out, "--shard", "1/2"]);
    expect(shard.status, shard.stderr).toBe(0);
    expect(shard.stdout).toContain("3 already complete, 0 run");
    expect(existsSync(temporary)).toBe(true);
    const whole = await runBuiltMain(["sweep", SMALL, "--out", out]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(existsSync(temporary)).toBe(false);
  });

  it("left COMPLETED without artifacts.json and with a temporary heartbeat file: a rerun redoes that config", async () => {
    const out = copyOfCleanSweep(join(tempDir(), "sweep"));
    const config = join(out, "small_sweep__ledger.capacity=16__seed=1");
    rmSync(join(config, "artifacts.json"));
    writeFileSync(join(config, "heartbeat.json.3141592653"), readFileSync(join(config, "heartbeat.json")));
    // Built too, as the sweeps of this file: in a worker that has not loaded the sources' CLI (this file alone), that is about 2 s of transform for this one call.
    const status = await runBuiltMain(["sweep", "status", out]);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain("artifacts.json is missing");
    const rerun = await runBuiltMain(["sweep", SMALL, "--out", out, "--jobs", "2"]);
    expect(rerun.stderr).not.toContain("[object Object]");
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain("6 configs, 5 already complete, 1 run, 0 failed");
    expect(sweepFiles(out)).toEqual(cleanSweep.files);
  });
});
