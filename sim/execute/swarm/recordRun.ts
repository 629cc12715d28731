import { Engine, type LogLine, type PerRankRow, type StampedTraceEvent } from "../../../src/engine/engine.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";

/** One step of a recorded run: the cluster row, every rank's local values, and the step's model events. */
export interface RecordedStep {
  readonly row: MetricsRow;
  readonly perRank: readonly PerRankRow[];
  readonly events: readonly StampedTraceEvent[];
  /** The lines the modeled system logged during the step. */
  readonly logs: readonly LogLine[];
}

/** A whole run seen from outside the engine: what `sim run --per-rank --trace` would write, in memory. */
export interface RecordedRun {
  readonly engine: Engine;
  readonly steps: readonly RecordedStep[];
}

/**
 * Runs a scenario with the per-rank view and the trace on, keeping every step's row,
 * per-rank rows, events and log lines. The checks read only these, never the engine's internals,
 * so the hot loops stay as they are.
 */
export function recordRun(scenario: Scenario): RecordedRun {
  let pending: StampedTraceEvent[] = [];
  let logs: LogLine[] = [];
  const engine = new Engine(scenario.model, { perRank: true, trace: (event) => pending.push(event), log: (line) => logs.push(line) });
  const steps: RecordedStep[] = [];
  // Events of a modeled resume are stamped with the step they open; they belong to that step.
  for (let i = 0; i < scenario.steps; i++) {
    const { row, perRank } = engine.runStep();
    steps.push({ row, perRank: perRank ?? [], events: pending, logs });
    pending = [];
    logs = [];
  }
  return { engine, steps };
}
