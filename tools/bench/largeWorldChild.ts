/**
 * One run of the large-world section in a process of its own, so that its peak RSS
 * (its worker threads included) is its own:
 * `node --import tsx tools/bench/largeWorldChild.ts <threads>` prints one JSON line (a
 * LargeWorldResult): the bench config at W=65,536 stepped on that many threads, a
 * lead-in untimed, then several timed runs.
 */
import { Engine } from "../../src/engine/engine.ts";
import { workerBlockPeers } from "../../sim/execute/threads/workerBlockPeers.ts";
import { BENCH_CONFIG, withWorldSize } from "./benchConfig.ts";
import { timeSteppingMs } from "./engineRuns.ts";

export const LARGE_WORLD_SIZE = 65_536;
export const LARGE_WORLD_STEPS_PER_RUN = 24;
const RUNS = 3;
/** Past the first epoch starts (a rank's slices are a few picks long at this size). */
const LEAD_STEPS = 16;

export interface LargeWorldResult {
  readonly threads: number;
  readonly runsMs: readonly number[];
  readonly peakRssMiB: number;
}

const threads = Number(process.argv[2]);
if (process.argv[1]?.endsWith("largeWorldChild.ts")) {
  const engine = new Engine(withWorldSize(BENCH_CONFIG, LARGE_WORLD_SIZE), { threads, blockPeers: workerBlockPeers });
  try {
    timeSteppingMs(engine, 0, LEAD_STEPS);
    const runsMs = Array.from({ length: RUNS }, () => timeSteppingMs(engine, LARGE_WORLD_STEPS_PER_RUN, 0));
    const result: LargeWorldResult = { threads, runsMs, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
    console.log(JSON.stringify(result));
  } finally {
    engine.close();
  }
}
