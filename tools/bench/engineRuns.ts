import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Engine } from "../../src/engine/engine.ts";
import { systemClock } from "../../sim/io/clock.ts";

/** An engine to time: this tree's, or another commit's (abBench.ts imports one). */
export interface SteppableEngine {
  runStep(): unknown;
}

/**
 * Runs `leadSteps` untimed steps of `engine` (so that a large world is past its first
 * epoch starts and its ledgers are filled), then returns the wall time of the next
 * `steps` steps alone.
 */
export function timeSteppingMs(engine: SteppableEngine, steps: number, leadSteps: number): number {
  for (let i = 0; i < leadSteps; i++) engine.runStep();
  const startMs = systemClock.monotonicMs();
  for (let i = 0; i < steps; i++) engine.runStep();
  return systemClock.monotonicMs() - startMs;
}

/**
 * timeSteppingMs in this process's CPU time (user and system) rather than wall time: on a
 * shared, loaded machine a run's wall time is mostly other processes' turns, its CPU
 * time far less so.
 */
export function cpuSteppingMs(engine: SteppableEngine, steps: number, leadSteps: number): number {
  for (let i = 0; i < leadSteps; i++) engine.runStep();
  const start = process.cpuUsage();
  for (let i = 0; i < steps; i++) engine.runStep();
  const spent = process.cpuUsage(start);
  return (spent.user + spent.system) / 1000;
}

/** timeSteppingMs of a new engine of this tree built from `config`. */
export function timeStepsMs(config: ModelConfig, steps: number, options: { collectStepMetrics?: boolean; leadSteps?: number } = {}): number {
  return timeSteppingMs(new Engine(config, { collectStepMetrics: options.collectStepMetrics ?? true }), steps, options.leadSteps ?? 0);
}

/** Heap used after running `engine` up to `untilStep`, after a forced gc when exposed, in MiB. */
export function heapAfterStepsMiB(engine: Engine, untilStep: number): number {
  while (engine.step < untilStep) engine.runStep();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}
