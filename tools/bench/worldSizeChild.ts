/**
 * One case of the world-size table, measured in a process of its own so that its peak
 * RSS is its own: `node --expose-gc --import tsx tools/bench/worldSizeChild.ts <case id>`
 * prints one JSON line (a WorldSizeResult).
 */
import { Engine } from "../../src/engine/engine.ts";
import { heapAfterStepsMiB, timeStepsMs } from "./engineRuns.ts";
import { WORLD_SIZE_CASES, type WorldSizeResult } from "./worldSizeCases.ts";

/** Every run is the same number of rank-steps, so that the runs of each case take about as long. */
const RANK_STEPS_PER_RUN = 320_000;
const RUNS = 5;

const id = process.argv[2];
const found = WORLD_SIZE_CASES.find((c) => c.id === id);
if (found === undefined) throw new Error(`unknown world-size case ${id}; known: ${WORLD_SIZE_CASES.map((c) => c.id).join(", ")}`);
const stepsPerRun = Math.max(1, Math.round(RANK_STEPS_PER_RUN / found.worldSize));
// A quarter of a run untimed first, so that a large world is past its first epoch starts.
const leadSteps = Math.ceil(stepsPerRun / 4);

timeStepsMs(found.config, stepsPerRun, { leadSteps });
const runsMs = Array.from({ length: RUNS }, () => timeStepsMs(found.config, stepsPerRun, { leadSteps }));
// Memory must be flat in steps: the heap after one run's worth of steps and after five.
const heapAtSteps: [number, number] = [stepsPerRun, 5 * stepsPerRun];
const engine = new Engine(found.config);
const heapMiB: [number, number] = [heapAfterStepsMiB(engine, heapAtSteps[0]), heapAfterStepsMiB(engine, heapAtSteps[1])];
const result: WorldSizeResult = { runsMs, stepsPerRun, heapMiB, heapAtSteps, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
console.log(JSON.stringify(result));
