import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Engine } from "../../src/engine/engine.ts";
import { systemClock } from "../io/clock.ts";

/**
 * Builds an engine, runs `leadSteps` untimed steps (so that a large world is past its
 * first epoch starts and its ledgers are filled), then returns the wall time of the next
 * `steps` steps alone.
 */
export function timeStepsMs(config: ModelConfig, steps: number, options: { collectStepMetrics?: boolean; leadSteps?: number } = {}): number {
  const engine = new Engine(config, { collectStepMetrics: options.collectStepMetrics ?? true });
  for (let i = 0; i < (options.leadSteps ?? 0); i++) engine.runStep();
  const startMs = systemClock.monotonicMs();
  for (let i = 0; i < steps; i++) engine.runStep();
  return systemClock.monotonicMs() - startMs;
}

/** Heap used after running `engine` up to `untilStep`, after a forced gc when exposed, in MiB. */
export function heapAfterStepsMiB(engine: Engine, untilStep: number): number {
  while (engine.step < untilStep) engine.runStep();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}
