/**
 * The engine against its floor (FloorLoop: one seeded draw, one K-way weighted choice
 * and one LRU touch per rank-step), side by side in one process at W=64 and W=4,096:
 * runs of equal rank-steps alternate between the two (and which goes first), so that
 * the load of a shared machine hits both alike; the ratio of the medians is the figure.
 * The engine without the stream_mixing metrics (the FR1 snapshot, its packing and its
 * reduction) runs beside them, to show how much of the ratio those take.
 */
import { Engine } from "../../src/engine/engine.ts";
import { BENCH_CONFIG, withWorldSize } from "./benchConfig.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { type SteppableEngine, timeSteppingMs } from "./engineRuns.ts";
import { FloorLoop } from "./floorLoop.ts";

const RANK_STEPS_PER_RUN = 320_000;
const RUNS = 7;
const WORLD_SIZES = [64, 4096] as const;

export const floorSection: BenchSection = {
  title: `the engine against its floor (one draw, one K-way choice, one LRU touch per rank-step), ${RUNS} alternating runs of ${RANK_STEPS_PER_RUN} rank-steps`,
  async run(out): Promise<readonly ScriptLine[]> {
    const lines: ScriptLine[] = [];
    for (const worldSize of WORLD_SIZES) {
      const config = withWorldSize(BENCH_CONFIG, worldSize);
      const steps = Math.max(1, Math.round(RANK_STEPS_PER_RUN / worldSize));
      const makers: (() => SteppableEngine)[] = [() => new Engine(config), () => new FloorLoop(config), () => new Engine(config, { collectStepMetrics: false })];
      const times: number[][] = makers.map(() => []);
      // One untimed run of each first, so that the timed runs measure optimised code.
      for (const make of makers) timeSteppingMs(make(), steps, Math.ceil(steps / 4));
      for (let run = 0; run < RUNS; run++) {
        for (const i of makers.map((_, k) => (k + run) % makers.length))
          (times[i] as number[]).push(timeSteppingMs((makers[i] as () => SteppableEngine)(), steps, Math.ceil(steps / 4)));
      }
      const [engineMs, floorMs, unmeteredMs] = times.map(median) as [number, number, number];
      const rate = (ms: number): string => ((worldSize * steps) / (ms / 1000)).toFixed(0);
      out(tableRow(`W=${worldSize} engine rank-steps/s`, rate(engineMs)));
      out(tableRow(`W=${worldSize} floor rank-steps/s`, rate(floorMs)));
      out(tableRow(`W=${worldSize} engine / floor (time per rank-step)`, (engineMs / floorMs).toFixed(2)));
      const nsPerRankStep = (ms: number): string => ((ms * 1e6) / (worldSize * steps)).toFixed(0);
      out(
        tableRow(
          `W=${worldSize} ns per rank-step: engine, without the stream_mixing metrics, floor`,
          `${nsPerRankStep(engineMs)}, ${nsPerRankStep(unmeteredMs)}, ${nsPerRankStep(floorMs)}`,
        ),
      );
      lines.push({ key: `floor-ratio@${worldSize}`, value: (engineMs / floorMs).toFixed(2) });
    }
    return lines;
  },
};
