import { readdirSync, readFileSync } from "node:fs";
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
    let mainS = 0;
    let allThreadsS = 0;
    for (const task of readdirSync("/proc/self/task")) {
      const fields = statFields(`/proc/self/task/${task}/stat`);
      // utime and stime are fields 14 and 15 (index 11 and 12 from field 3).
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
      allThreadsS += seconds;
      if (task === String(process.pid)) mainS = seconds;
    }
    // cutime and cstime, fields 16 and 17.
    const childrenS = (Number(own[13]) + Number(own[14])) / TICKS_PER_S;
    return { mainS, otherThreadsS: allThreadsS - mainS, childrenS };
  } catch {
    return undefined;
  }
}

/** What was spent between two readings (a thread that ended in between is counted in neither: measure in a process that keeps its threads). */
export function cpuSpent(before: CpuSplit, after: CpuSplit): CpuSplit {
  return { mainS: after.mainS - before.mainS, otherThreadsS: after.otherThreadsS - before.otherThreadsS, childrenS: after.childrenS - before.childrenS };
}

/** CPU splits' medians as a table cell, e.g. `main 6.1 s, other threads 2.9 s, workers 0.0 s`. */
export function cpuCell(splits: readonly CpuSplit[]): string {
  const of = (pick: (s: CpuSplit) => number): string => median(splits.map(pick)).toFixed(1);
  return `main ${of((s) => s.mainS)} s, other threads ${of((s) => s.otherThreadsS)} s, workers ${of((s) => s.childrenS)} s`;
}
