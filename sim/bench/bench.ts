/**
 * `npm run bench`: the engine's throughput and the cost of the stream_mixing metrics
 * (FR8), for W=64, K=4, per_stream batching and a periodic_stale ledger. A benchmark,
 * not a timed test: it prints figures and leaves judging them to the reader, ending with
 * three lines that scripts can read (`rank-steps/s: N`, `metric-cost-us: N` and
 * `cli-startup-ms: N`, medians).
 *
 * The metric cost is measured the way the plan's microbench does it: the same run with
 * the snapshot population and the aggregation on, then off, alternated in one process so
 * that machine noise hits both variants alike; the difference per rank-step is the cost.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Engine } from "../../src/engine/engine.ts";
import { systemClock } from "../io/clock.ts";
import { BENCH_CONFIG, WORLD_SIZE } from "./benchConfig.ts";
import { cliStartupTimesMs } from "./cliStartup.ts";
import { benchSweep } from "./sweepBench.ts";

const STEPS = 5_000;
const RUNS_PER_VARIANT = 7;
// A full-length run of each variant first, so that the timed runs measure optimised code.
const WARMUP_STEPS = STEPS;
const CLI_STARTUP_RUNS = 10;
/** Timed runs of the whole bench sweep per jobs setting. */
const SWEEP_RUNS_PER_SETTING = 3;


/** Runs `steps` steps on a freshly built engine and returns the wall time of the steps alone. */
function timeRunMs(collectStepMetrics: boolean, steps: number): number {
  const engine = new Engine(BENCH_CONFIG, { collectStepMetrics });
  const startMs = systemClock.monotonicMs();
  for (let i = 0; i < steps; i++) engine.runStep();
  return systemClock.monotonicMs() - startMs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Heap used after `steps` steps of one engine, after a forced gc, in MiB. */
function heapAfterStepsMiB(engine: Engine, untilStep: number): number {
  while (engine.step < untilStep) engine.runStep();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

async function main(): Promise<void> {
  // Re-spawn once with --expose-gc so that the heap figures are after a full collection.
  if ((globalThis as { gc?: unknown }).gc === undefined && process.env.SIM_BENCH_CHILD === undefined) {
    const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)], {
      stdio: "inherit",
      env: { ...process.env, SIM_BENCH_CHILD: "1" },
    });
    process.exit(child.status ?? 1);
  }

  const rankSteps = WORLD_SIZE * STEPS;
  console.log(`bench: W=${WORLD_SIZE} K=4 per_stream periodic_stale(capacity 512, interval 1, threshold 5, ring 64) 16 streams in 4 modalities, ${STEPS} steps, ${RUNS_PER_VARIANT} runs per variant`);
  timeRunMs(true, WARMUP_STEPS);
  timeRunMs(false, WARMUP_STEPS);

  const onMs: number[] = [];
  const offMs: number[] = [];
  for (let run = 0; run < RUNS_PER_VARIANT; run++) {
    // Alternate which variant goes first so that drift in machine load does not favour one.
    if (run % 2 === 0) {
      onMs.push(timeRunMs(true, STEPS));
      offMs.push(timeRunMs(false, STEPS));
    } else {
      offMs.push(timeRunMs(false, STEPS));
      onMs.push(timeRunMs(true, STEPS));
    }
  }
  // The cost per run pairs each on-run with the off-run beside it, then takes the median.
  const costUs = median(onMs.map((on, i) => ((on - (offMs[i] as number)) * 1000) / rankSteps));
  const rankStepsPerS = rankSteps / (median(onMs) / 1000);

  const memoryEngine = new Engine(BENCH_CONFIG);
  const heapAt1kMiB = heapAfterStepsMiB(memoryEngine, 1_000);
  const heapAt5kMiB = heapAfterStepsMiB(memoryEngine, 5_000);

  const row = (label: string, value: string): string => `  ${label.padEnd(40)} ${value}`;
  console.log(row("run wall time, metrics on (ms)", onMs.map((v) => v.toFixed(0)).join(" ")));
  console.log(row("run wall time, metrics off (ms)", offMs.map((v) => v.toFixed(0)).join(" ")));
  console.log(row("median, metrics on (ms)", median(onMs).toFixed(1)));
  console.log(row("median, metrics off (ms)", median(offMs).toFixed(1)));
  console.log(row("rank-steps/s, metrics off", (rankSteps / (median(offMs) / 1000)).toFixed(0)));
  console.log(row("metric cost per step at W=64 (us)", (costUs * WORLD_SIZE).toFixed(2)));
  console.log(row(`heap used after 1,000 steps (MiB${(globalThis as { gc?: unknown }).gc ? ", after gc" : ""})`, heapAt1kMiB.toFixed(2)));
  console.log(row("heap used after 5,000 steps (MiB)", heapAt5kMiB.toFixed(2)));
  console.log(row("heap growth 1k -> 5k steps (MiB)", (heapAt5kMiB - heapAt1kMiB).toFixed(2)));

  const sweep = await benchSweep([1, 2], SWEEP_RUNS_PER_SETTING);
  const sweepRate = (jobs: number): number => median(sweep.configsPerSecond.get(jobs) ?? []);
  console.log(`bench sweep: ${sweep.configs} configs (sim/bench/benchSweep.toml), ${SWEEP_RUNS_PER_SETTING} runs per --jobs setting, alternated`);
  for (const jobs of [1, 2]) console.log(row(`configs/s, --jobs ${jobs}`, (sweep.configsPerSecond.get(jobs) ?? []).map((v) => v.toFixed(1)).join(" ")));

  console.log(`rank-steps/s: ${rankStepsPerS.toFixed(0)}`);
  console.log(`metric-cost-us: ${costUs.toFixed(3)}`);
  console.log(`cli-startup-ms: ${median(cliStartupTimesMs(CLI_STARTUP_RUNS)).toFixed(0)}`);
  console.log(`sweep-configs/s: ${sweepRate(2).toFixed(1)}`);
  console.log(`sweep-configs/s@jobs1: ${sweepRate(1).toFixed(1)}`);
  console.log(`sweep-configs/s@jobs2: ${sweepRate(2).toFixed(1)}`);
  console.log(`sweep-speedup@jobs2: ${(sweepRate(2) / sweepRate(1)).toFixed(2)}`);
}

await main();
