/**
 * Long runs (issue 24, issue 23 item 4): the scenario at the step limit, W=4, one group of
 * 4 streams, capacity 16, run by the built bin into a temporary directory (removed at the
 * end). Prints:
 *   run-overhead-ratio@1M    `sim run`'s wall time, each run into a new directory, over the engine's alone for the same steps (medians of 3);
 *   run-cpu-us-per-step@1M   the CPU of all the run's threads per step (median), printed by thread beside it;
 *   peak-rss-mib@1M:<cmd>    each command's peak RSS on the run (replay, report, export, export-tensorboard),
 *                            on a sweep of it (sweep-status, merge), `sim check` of the scenario against
 *                            the run's metrics.jsonl as its golden file (check, check-twice, check-report), and
 *                            `sim check --update` writing that golden file in a project without one (check-update),
 *                            by /usr/bin/time;
 *   report-write-ms@1M, report-mib@1M    `sim report`'s wall time and page size;
 *   report-first-paint-ms@1M, report-zoom-ms@1M, report-hover-ms@1M    the page in Chromium (reportBrowserBench.ts), three
 *                            loads: the medians of the first paints, zooms and hovers; report-zoom-max-ms@1M,
 *                            report-hover-max-ms@1M    the slowest zoom and hover of all loads.
 * SIM_BENCH_LONG_STEPS runs fewer steps (the keys then say @<steps>); the figure is at 1,000,000.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../src/engine/engine.ts";
import { systemClock } from "../../sim/io/clock.ts";
import { LIMITS } from "../../sim/limits.ts";
import { loadScenario } from "../../sim/input/scenario/loadScenario.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { firstChildPid, sampleThreadsCpu, type ThreadsCpuByThread } from "./processCpu.ts";
import { WRITER_COUNT } from "../../sim/execute/run/stepRing.ts";
import { timeSteppingMs } from "./engineRuns.ts";
import { measureReportPage } from "./reportBrowserBench.ts";

const SIM_BIN = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));
const RUNS = 3;
const TIME_BIN = "/usr/bin/time";

function scenarioToml(steps: number): string {
  return [
    'description = "The step limit at W=4: one group of 4 streams, capacity 16 (npm run bench)"',
    "[run]",
    "seed = 7",
    `steps = ${steps}`,
    "world_size = 4",
    "[dataset]",
    'layout = "nested"',
    "num_streams_mixed = 2",
    'batching_mode = "per_modality"',
    'pick_weighting = "remaining_picks"',
    "bs = 32",
    "[[dataset.groups]]",
    'modality = "rna"',
    "streams = 4",
    "cells = [56000, 72000]",
    "[ledger]",
    "capacity = 16",
    'wipe_mode = "none"',
    "",
  ].join("\n");
}

/** Runs the built bin with `args`, under /usr/bin/time when there is one; returns the wall time and the peak RSS in KiB (NaN without /usr/bin/time). */
function timedSim(args: readonly string[], cwd: string): { wallMs: number; peakKiB: number } {
  const { command, argv } = timedCommand(args);
  const startMs = systemClock.monotonicMs();
  const child = spawnSync(command, argv, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = systemClock.monotonicMs() - startMs;
  if (child.status !== 0) throw new Error(`sim ${args.join(" ")} exited ${child.status}: ${child.stderr}`);
  return { wallMs, peakKiB: peakKiBOf(child.stderr ?? "") };
}

/** The command line of `sim <args>` under /usr/bin/time when there is one (`timed`), which prints the peak RSS for peakKiBOf. */
function timedCommand(args: readonly string[]): { command: string; argv: string[]; timed: boolean } {
  const timed = existsSync(TIME_BIN);
  return { command: timed ? TIME_BIN : process.execPath, argv: timed ? ["-f", "peak-kib %M", process.execPath, SIM_BIN, ...args] : [SIM_BIN, ...args], timed };
}

/** The peak RSS in KiB that /usr/bin/time printed on `stderr` (NaN without it). */
function peakKiBOf(stderr: string): number {
  const peak = /peak-kib (\d+)/.exec(stderr);
  return peak === null ? NaN : Number(peak[1]);
}

/**
 * `sim run` as timedSim runs it, but spawned without blocking this process, so that its
 * threads' CPU is read from /proc while it runs (sampleThreadsCpu): the engine's thread,
 * the writer threads and the rest (V8's compiler and collector, libuv's pool with the
 * early writebacks' syncs), which says where a run's time goes when the wall time alone
 * cannot (on two cores a run takes at least half its CPU).
 */
async function timedRun(args: readonly string[], cwd: string): Promise<{ wallMs: number; peakKiB: number; threads: ThreadsCpuByThread | undefined }> {
  const { command, argv, timed } = timedCommand(args);
  const startMs = systemClock.monotonicMs();
  const child = spawn(command, argv, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const childPid = child.pid;
  const sampler = sampleThreadsCpu(() => (childPid === undefined ? undefined : timed ? firstChildPid(childPid) : String(childPid)));
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const wallMs = systemClock.monotonicMs() - startMs;
  const threads = sampler.stop();
  if (status !== 0) throw new Error(`sim ${args.join(" ")} exited ${status}: ${stderr}`);
  return { wallMs, peakKiB: peakKiBOf(stderr), threads };
}

/** A run's CPU by thread as a table cell, in us a step: the main thread (the engine, its share of the writing and the command's start), each writer thread, the rest; and the total. */
function threadsCell(threads: ThreadsCpuByThread, steps: number): string {
  const us = (seconds: number): string => ((seconds * 1e6) / steps).toFixed(2);
  const writers = threads.othersS.slice(0, WRITER_COUNT);
  const rest = threads.othersS.slice(WRITER_COUNT).reduce((sum, seconds) => sum + seconds, 0);
  return `main ${us(threads.mainS)}, writers ${writers.map(us).join(" + ")}, other ${us(rest)}; total ${us(totalCpuS(threads))}`;
}

/** All of a run's threads' CPU, in seconds. */
function totalCpuS(threads: ThreadsCpuByThread): number {
  return threads.mainS + threads.othersS.reduce((sum, seconds) => sum + seconds, 0);
}

/**
 * The readers' peak RSS on the run in `dir` (and its one-config sweep): each command's
 * wall time and peak MiB printed, and its peak-rss-mib key returned.
 */
function measureReaders(dir: string, steps: number, at: string, out: (line: string) => void): ScriptLine[] {
  const lines: ScriptLine[] = [];
  // The run's metrics.jsonl is the scenario's golden file byte for byte: sim check compares the two as both stream.
  mkdirSync(join(dir, "golden"));
  linkSync(join(dir, "run", "metrics.jsonl"), join(dir, "golden", "long.jsonl"));
  // `sim check --update` drafts the golden file as the rows pass, in a project of its own that has none yet.
  mkdirSync(join(dir, "update"));
  writeFileSync(join(dir, "update", "long.toml"), scenarioToml(steps));
  for (const [name, args, cwd] of [
    ["replay", ["replay", "run"], dir],
    ["export", ["export", "wandb-history", "run", "--out", "history.jsonl"], dir],
    ["export-tensorboard", ["export", "tensorboard", "run", "--out", "tb"], dir],
    ["sweep-status", ["sweep", "status", "sweep"], dir],
    ["merge", ["sweep", "merge", "sweep", "--out", "merged"], dir],
    ["check", ["check", "long.toml"], dir],
    ["check-twice", ["check", "--twice", "long.toml"], dir],
    ["check-report", ["check", "--report", "check.html", "long.toml"], dir],
    ["check-update", ["check", "--update", "long.toml"], join(dir, "update")],
  ] as const) {
    const measured = timedSim(args, cwd);
    out(tableRow(`sim ${name} (ms, peak MiB)`, `${measured.wallMs.toFixed(0)}, ${(measured.peakKiB / 1024).toFixed(0)}`));
    lines.push({ key: `peak-rss-mib@${at}:${name}`, value: (measured.peakKiB / 1024).toFixed(0) });
  }
  return lines;
}

/**
 * `sim run` of the scenario in `dir` against the engine alone, alternated (RUNS each):
 * the ratio of the medians, the run's peak RSS and its threads' CPU; the run's directory
 * (`run/`) is left for the readers.
 */
async function measureRunOverhead(dir: string, steps: number, at: string, out: (line: string) => void): Promise<ScriptLine[]> {
  const scenario = loadScenario(join(dir, "long.toml"));
  const engineMs: number[] = [];
  const runMs: number[] = [];
  const clearMs: number[] = [];
  let runPeakKiB = NaN;
  const runThreads: ThreadsCpuByThread[] = [];
  // Alternated, so that a change in the machine's load falls on both.
  for (let i = 0; i < RUNS; i++) {
    // Each run writes a new directory: the last run's (2 GB at the step limit) is removed first, untimed, where the
    // runs after the first had cleared it themselves (sim run into a run directory removes its files first), which
    // is not the writing this ratio measures.
    const clearStartMs = systemClock.monotonicMs();
    rmSync(join(dir, "run"), { recursive: true, force: true });
    if (i > 0) clearMs.push(systemClock.monotonicMs() - clearStartMs);
    engineMs.push(timeSteppingMs(new Engine(scenario.model), steps, 0));
    const run = await timedRun(["run", "long.toml", "--out", "run"], dir);
    runMs.push(run.wallMs);
    runPeakKiB = run.peakKiB;
    if (run.threads !== undefined) runThreads.push(run.threads);
  }
  const ratio = median(runMs) / median(engineMs);
  out(tableRow(`engine alone, ${steps} steps (ms)`, engineMs.map((ms) => ms.toFixed(0)).join(" ")));
  out(tableRow("sim run, each into a new directory (ms)", runMs.map((ms) => ms.toFixed(0)).join(" ")));
  out(tableRow("removing the last run's directory before the next, untimed (ms)", clearMs.map((ms) => ms.toFixed(0)).join(" ")));
  // The busiest threads other than the engine's are the writers (two, stepRing.ts); the process's load average says how far the machine's load stretches them.
  for (const [i, threads] of runThreads.entries()) out(tableRow(`sim run ${i + 1}, CPU by thread (us a step)`, threadsCell(threads, steps)));
  out(tableRow("load average (1 min) after the runs", (loadavg()[0] as number).toFixed(2)));
  const lines: ScriptLine[] = [
    { key: `run-overhead-ratio@${at}`, value: ratio.toFixed(2) },
    { key: `peak-rss-mib@${at}:run`, value: (runPeakKiB / 1024).toFixed(0) },
  ];
  // All the run's threads' CPU per step, median: on two cores the run takes at least half of it (with its start-up's share).
  if (runThreads.length > 0) {
    const totalUs = runThreads.map((threads) => (totalCpuS(threads) * 1e6) / steps);
    lines.push({ key: `run-cpu-us-per-step@${at}`, value: median(totalUs).toFixed(2) });
  }
  return lines;
}

export const longRunSection: BenchSection = {
  title: "Long runs: the step limit at W=4 (sim run vs the engine alone, the readers' memory, the report in Chromium)",
  async run(out): Promise<readonly ScriptLine[]> {
    const steps = Number(process.env.SIM_BENCH_LONG_STEPS ?? LIMITS.steps);
    const at = steps === 1_000_000 ? "1M" : String(steps);
    const dir = mkdtempSync(join(tmpdir(), "sim-bench-long-"));
    try {
      writeFileSync(join(dir, "long.toml"), scenarioToml(steps));
      const lines = await measureRunOverhead(dir, steps, at, out);
      const report = timedSim(["report", "run", "--out", "report.html"], dir);
      const pageMiB = statSync(join(dir, "report.html")).size / (1024 * 1024);
      out(tableRow("sim report (ms, MiB)", `${report.wallMs.toFixed(0)}, ${pageMiB.toFixed(2)}`));
      lines.push(
        { key: `report-write-ms@${at}`, value: report.wallMs.toFixed(0) },
        { key: `report-mib@${at}`, value: pageMiB.toFixed(2) },
        { key: `peak-rss-mib@${at}:report`, value: (report.peakKiB / 1024).toFixed(0) },
      );
      // The sweep's one config is the same run, written by the worker pool: sweep status and merge read it.
      writeFileSync(join(dir, "sweep.toml"), 'extends = "long.toml"\n[sweep]\nseeds = [7]\n');
      timedSim(["sweep", "sweep.toml", "--out", "sweep", "--jobs", "1"], dir);
      lines.push(...measureReaders(dir, steps, at, out));
      const page = await measureReportPage(join(dir, "report.html"));
      out(
        tableRow(
          "report page, each load: first paint; zooms; hovers (ms)",
          `${page.firstPaintMs.map((ms) => ms.toFixed(0)).join(" ")}; ${page.zoomMs.map((ms) => ms.toFixed(0)).join(" ")}; ${page.hoverMs.map((ms) => ms.toFixed(0)).join(" ")}`,
        ),
      );
      lines.push(
        { key: `report-first-paint-ms@${at}`, value: median(page.firstPaintMs).toFixed(0) },
        { key: `report-zoom-ms@${at}`, value: median(page.zoomMs).toFixed(0) },
        { key: `report-hover-ms@${at}`, value: median(page.hoverMs).toFixed(0) },
        // The slowest of each too: a single stall (a second-long pause) would hide behind the median.
        { key: `report-zoom-max-ms@${at}`, value: Math.max(...page.zoomMs).toFixed(0) },
        { key: `report-hover-max-ms@${at}`, value: Math.max(...page.hoverMs).toFixed(0) },
      );
      return lines;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
