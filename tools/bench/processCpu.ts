import { readdirSync, readFileSync } from "node:fs";
import { tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";

/**
 * Where this process's CPU time went, in seconds: its main thread (the JavaScript), its
 * other threads (V8's background compiler and garbage collector, libuv's pool), and its
 * child processes that have ended and been waited for (a worker pool's processes once
 * it is destroyed, their own threads included). What shows whether a pool's work is
 * parallel when the machine is too loaded for wall times to say: the same work costs
 * the same CPU whichever way it is split. Read from Linux's /proc; undefined elsewhere.
 */
export interface CpuSplit {
  readonly mainS: number;
  readonly otherThreadsS: number;
  readonly childrenS: number;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICKS_PER_S = 100;

/** The fields of a /proc .../stat line after the command name, from field 3 (state) on. */
function statFields(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

export function cpuSplit(): CpuSplit | undefined {
  try {
    const own = statFields("/proc/self/stat");
    // cutime and cstime, fields 16 and 17.
    const childrenS = (Number(own[13]) + Number(own[14])) / TICKS_PER_S;
    return { ...processCpu(String(process.pid)), childrenS };
  } catch {
    return undefined;
  }
}

/** A process's CPU time in seconds: its main thread, and its other threads (V8's compiler and garbage collector above all). */
export interface ThreadsCpu {
  readonly mainS: number;
  readonly otherThreadsS: number;
}

/** Seconds of utime and stime in a /proc stat line's fields (fields 14 and 15, index 11 and 12 from field 3). */
function cpuSeconds(fields: readonly string[]): number {
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/**
 * Process `pid`'s CPU so far (throws when it has ended): the process's own line counts
 * every thread it ever had, the ones that have ended too, so that a worker's compiler
 * thread, which ends as the worker shuts down, is not lost from its last reading.
 */
function processCpu(pid: string): ThreadsCpu {
  const mainS = cpuSeconds(statFields(`/proc/${pid}/task/${pid}/stat`));
  return { mainS, otherThreadsS: cpuSeconds(statFields(`/proc/${pid}/stat`)) - mainS };
}

/** This process's child processes now (Linux 3.5 and later list them per thread). */
function childPids(): string[] {
  return readdirSync("/proc/self/task").flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, "utf8").split(" ").filter(Boolean));
}

/** How often the sampler reads its workers: a worker's CPU after its last reading is lost, at most this much. */
const SAMPLE_MS = 100;

/**
 * Each worker process's CPU, split into its main thread and its other threads, which
 * the children's total of cpuSplit cannot tell apart: read from /proc while the workers
 * live (a pool ends them before its caller sees them again), every SAMPLE_MS, keeping
 * each worker's last reading. Processes that were children before the sampling began
 * (tsx's esbuild service) are left out. An empty list off Linux.
 */
export function sampleWorkersCpu(): { stop(): ThreadsCpu[] } {
  const last = new Map<string, ThreadsCpu>();
  let before: ReadonlySet<string>;
  try {
    before = new Set(childPids());
  } catch {
    return { stop: () => [] };
  }
  const read = (): void => {
    for (const pid of childPids()) {
      if (before.has(pid)) continue;
      try {
        last.set(pid, processCpu(pid));
      } catch {
        // Ended between the listing and the reading: its previous reading stands.
      }
    }
  };
  return sampling(read, SAMPLE_MS, () => [...last.values()]);
}

/** Calls `read` every `everyMs` until `stop()`, which reads once more and returns `result()`. */
function sampling<Result>(read: () => void, everyMs: number, result: () => Result): { stop(): Result } {
  const timer = setInterval(read, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return result();
    },
  };
}

/** A process's CPU by thread, in seconds: its main thread and each other thread's own, busiest first. */
export interface ThreadsCpuByThread {
  readonly mainS: number;
  readonly othersS: readonly number[];
}

/**
 * Process `pid`'s CPU by thread, read from /proc every `everyMs` while it runs, each
 * thread's last reading kept (a thread's CPU after its last reading is lost, at most that
 * much): what shows a run's engine thread and writer threads apart, which the process's
 * total cannot. `pid()` names the process once it is known (undefined until then: a
 * command under /usr/bin/time is its child). Undefined from `stop()` off Linux.
 */
export function sampleThreadsCpu(pid: () => string | undefined, everyMs = 20): { stop(): ThreadsCpuByThread | undefined } {
  const last = new Map<string, number>();
  let mainTid: string | undefined;
  const read = (): void => {
    const target = pid();
    if (target === undefined) return;
    mainTid = target;
    try {
      for (const tid of readdirSync(`/proc/${target}/task`)) {
        try {
          last.set(tid, cpuSeconds(statFields(`/proc/${target}/task/${tid}/stat`)));
        } catch {
          // Ended between the listing and the reading: its previous reading stands.
        }
      }
    } catch {
      // The process has ended (or has not started): the readings so far stand.
    }
  };
  return sampling(read, everyMs, () => {
    if (mainTid === undefined || !last.has(mainTid)) return undefined;
    const othersS = [...last].filter(([tid]) => tid !== mainTid).map(([, seconds]) => seconds);
    return { mainS: last.get(mainTid) as number, othersS: othersS.sort((a, b) => b - a) };
  });
}

/** The first child of process `pid` (a command run under /usr/bin/time), if it has one yet. */
export function firstChildPid(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").find(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * The speed-up of `--jobs 2` on two idle cores as CPU times predict it, which a loaded
 * machine stretches far less than wall times: `--jobs 1` takes about its main thread's
 * CPU in wall time (its work is synchronous, and V8's compiler and collector threads run
 * beside it on the second core), and `--jobs 2` at least half its workers' CPU, all
 * their threads included, shared by the two cores.
 */
export function speedupFromCpu(jobs1MainS: number, jobs2TotalS: number): number {
  return (2 * jobs1MainS) / jobs2TotalS;
}

/** Workers' CPU together, all their threads. */
export function workersTotalS(workers: readonly ThreadsCpu[]): number {
  return workers.reduce((sum, w) => sum + w.mainS + w.otherThreadsS, 0);
}

/** Workers' CPU as a table cell, e.g. `main 2.9 + other 1.1 s | main 3.0 + other 1.0 s`. */
export function workersCell(workers: readonly ThreadsCpu[]): string {
  return workers.map((w) => `main ${w.mainS.toFixed(1)} + other ${w.otherThreadsS.toFixed(1)} s`).join(" | ");
}

/** What was spent between two readings. */
export function cpuSpent(before: CpuSplit, after: CpuSplit): CpuSplit {
  return { mainS: after.mainS - before.mainS, otherThreadsS: after.otherThreadsS - before.otherThreadsS, childrenS: after.childrenS - before.childrenS };
}

/** CPU splits' medians as a table cell, e.g. `main 6.1 s, other threads 2.9 s, workers 0.0 s`. */
export function cpuCell(splits: readonly CpuSplit[]): string {
  const of = (pick: (s: CpuSplit) => number): string => median(splits.map(pick)).toFixed(1);
  return `main ${of((s) => s.mainS)} s, other threads ${of((s) => s.otherThreadsS)} s, workers ${of((s) => s.childrenS)} s`;
}

/** One --jobs setting's timed runs, as the pool sections (swarm, sweep) print them. */
export interface JobsSettingRuns {
  readonly jobs: number;
  /** What a rate counts, e.g. `runs/s`. */
  readonly rateName: string;
  /** What a timed run is, e.g. `swarm`. */
  readonly runName: string;
  /** Each timed run's rate. */
  readonly rates: readonly number[];
  /** Each timed run's CPU split of the benchmarking process, where one was read. */
  readonly cpu: readonly CpuSplit[];
  /** Each timed run's workers' CPU (none for a run without workers). */
  readonly workersPerRun: readonly (readonly ThreadsCpu[])[];
}

/** Prints a setting's rows: its rates, its CPU splits' medians, and each timed run's workers' CPU. */
export function printJobsSetting(out: (line: string) => void, setting: JobsSettingRuns): void {
  const { jobs } = setting;
  out(tableRow(`${setting.rateName}, --jobs ${jobs}`, setting.rates.map((v) => v.toFixed(1)).join(" ")));
  if (setting.cpu.length > 0) out(tableRow(`CPU, --jobs ${jobs}`, cpuCell(setting.cpu)));
  for (const [i, workers] of setting.workersPerRun.entries()) {
    if (workers.length > 0) out(tableRow(`workers' CPU, --jobs ${jobs}, ${setting.runName} ${i + 1}`, workersCell(workers)));
  }
}
