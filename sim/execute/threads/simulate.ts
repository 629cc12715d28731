import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import type { EngineOptions } from "../../../src/engine/engine.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { simulate as simulateOnEngine } from "../../../src/engine/simulate.ts";
import { engineThreads } from "./engineThreads.ts";

export interface SimulateOptions extends Omit<EngineOptions, "threads" | "blockPeers"> {
  /** Threads to step the ranks on (default: one per core for a world large enough to use them; 1: this thread alone). */
  readonly threads?: number;
}

/**
 * The library's `simulate` with threads: `steps` steps from the start, the rows in
 * memory, the same rows for every thread count. (The main entry's `simulate` is the
 * pure model's, single-threaded unless given a thread factory.)
 */
export function simulate(config: ModelConfig, steps: number, options: SimulateOptions = {}): MetricsRow[] {
  const { threads, ...engineOptions } = options;
  return simulateOnEngine(config, steps, { ...engineOptions, ...engineThreads(config, threads) });
}
