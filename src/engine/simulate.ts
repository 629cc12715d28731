import type { ModelConfig } from "../config/modelConfig.ts";
import { Engine, type EngineOptions } from "./engine.ts";
import type { MetricsRow } from "./metricsRow.ts";

/**
 * Runs `steps` steps from the start and returns the rows, in memory (no files). With
 * `threads` above 1 the options also carry the threads' factory (`blockPeers`); the
 * harness's `simulate` (stream-mixing-sim/harness) passes its own.
 */
export function simulate(config: ModelConfig, steps: number, options: EngineOptions = {}): MetricsRow[] {
  const engine = new Engine(config, options);
  try {
    const rows: MetricsRow[] = [];
    for (let i = 0; i < steps; i++) rows.push(engine.runStep().row);
    return rows;
  } finally {
    engine.close();
  }
}
