/**
 * The engine's throughput and the cost of the stream_mixing metrics (FR8) on the bench
 * config (W=64): the same run with the snapshot population and the aggregation on, then
 * off, alternated in one process so that machine noise hits both variants alike; the
 * difference per rank-step is the cost. Then the heap after 1,000 and 5,000 steps.
 */
import { Engine } from "../../src/engine/engine.ts";
import { BENCH_CONFIG, WORLD_SIZE } from "./benchConfig.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { heapAfterStepsMiB, timeStepsMs } from "./engineRuns.ts";

const STEPS = 5_000;
const RUNS_PER_VARIANT = 7;

export const metricCostSection: BenchSection = {
  title: `W=${WORLD_SIZE} K=4 per_stream periodic_stale(capacity 512, interval 1, threshold 5, ring 64) 16 streams in 4 modalities, ${STEPS} steps, ${RUNS_PER_VARIANT} runs per variant`,
  async run(out): Promise<readonly ScriptLine[]> {
    const rankSteps = WORLD_SIZE * STEPS;
    // A full-length run of each variant first, so that the timed runs measure optimised code.
    timeStepsMs(BENCH_CONFIG, STEPS, { collectStepMetrics: true });
    timeStepsMs(BENCH_CONFIG, STEPS, { collectStepMetrics: false });
    const onMs: number[] = [];
    const offMs: number[] = [];
    for (let run = 0; run < RUNS_PER_VARIANT; run++) {
      // Alternate which variant goes first so that drift in machine load does not favour one.
      const variants = run % 2 === 0 ? [true, false] : [false, true];
      for (const on of variants) (on ? onMs : offMs).push(timeStepsMs(BENCH_CONFIG, STEPS, { collectStepMetrics: on }));
    }
    // The cost per run pairs each on-run with the off-run beside it, then takes the median.
    const costUs = median(onMs.map((on, i) => ((on - (offMs[i] as number)) * 1000) / rankSteps));
    const rankStepsPerS = rankSteps / (median(onMs) / 1000);

    const memoryEngine = new Engine(BENCH_CONFIG);
    const heapAt1kMiB = heapAfterStepsMiB(memoryEngine, 1_000);
    const heapAt5kMiB = heapAfterStepsMiB(memoryEngine, 5_000);
    const afterGc = (globalThis as { gc?: unknown }).gc ? ", after gc" : "";

    out(tableRow("run wall time, metrics on (ms)", onMs.map((v) => v.toFixed(0)).join(" ")));
    out(tableRow("run wall time, metrics off (ms)", offMs.map((v) => v.toFixed(0)).join(" ")));
    out(tableRow("median, metrics on (ms)", median(onMs).toFixed(1)));
    out(tableRow("median, metrics off (ms)", median(offMs).toFixed(1)));
    out(tableRow("rank-steps/s, metrics on", rankStepsPerS.toFixed(0)));
    out(tableRow("rank-steps/s, metrics off", (rankSteps / (median(offMs) / 1000)).toFixed(0)));
    out(tableRow(`metric cost per step at W=${WORLD_SIZE} (us)`, (costUs * WORLD_SIZE).toFixed(2)));
    out(tableRow(`heap used after 1,000 steps (MiB${afterGc})`, heapAt1kMiB.toFixed(2)));
    out(tableRow("heap used after 5,000 steps (MiB)", heapAt5kMiB.toFixed(2)));
    out(tableRow("heap growth 1k -> 5k steps (MiB)", (heapAt5kMiB - heapAt1kMiB).toFixed(2)));
    return [
      { key: "rank-steps/s", value: rankStepsPerS.toFixed(0) },
      { key: "metric-cost-us", value: costUs.toFixed(3) },
    ];
  },
};
