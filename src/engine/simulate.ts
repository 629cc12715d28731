import type { ModelConfig } from "../config/modelConfig.ts";
import { Engine, type EngineOptions } from "./engine.ts";
import type { MetricsRow } from "./metricsRow.ts";

/**
 * Runs `steps` steps from the start and returns the rows, in memory (no files). With
 * `threads` above 1 the options also carry the threads' factory (`blockPeers`); the
 * harness's `simulate` (stream-mixing-sim/harness) passes its own.
 */
export function simulate(config: ModelConfig, steps: number, options: EngineOptions = {}): MetricsRow[] {
  return [...simulateRows(config, steps, options)];
}

/**
 * simulate's rows one at a time, as the engine makes them: memory holds a step, not the
 * run (a check of a run at the step limit). The engine starts at the first row asked for
 * and is closed when the iteration ends, early or not.
 */
export function* simulateRows(config: ModelConfig, steps: number, options: EngineOptions = {}): Generator<MetricsRow, void, undefined> {
  const engine = new Engine(config, options);
  try {
    for (let i = 0; i < steps; i++) yield engine.runStep().row;
  } finally {
    engine.close();
  }
}
