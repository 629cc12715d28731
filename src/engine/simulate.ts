import type { ModelConfig } from "../config/modelConfig.ts";
import { Engine, type EngineOptions } from "./engine.ts";
import type { MetricsRow } from "./metricsRow.ts";

/** Runs `steps` steps from the start and returns the rows, in memory (no files). */
export function simulate(config: ModelConfig, steps: number, options: EngineOptions = {}): MetricsRow[] {
  const engine = new Engine(config, options);
  const rows: MetricsRow[] = [];
  for (let i = 0; i < steps; i++) rows.push(engine.runStep().row);
  return rows;
}
