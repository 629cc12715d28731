import { Engine } from "../engine/engine.ts";
import type { MetricsRow } from "../engine/metricsRow.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { hashChain } from "./hashChain.ts";

export interface DeterminismAudit {
  readonly identical: boolean;
  /** The first step whose chain link differs (a missing row counts as different). */
  readonly firstDifferentStep?: number;
}

/** Runs a scenario once from step 1, in memory; `attempt` is 1 or 2 (tests inject a runner that varies it). */
export type ScenarioRunner = (scenario: Scenario, attempt: number) => Iterable<MetricsRow>;

export const engineRunner: ScenarioRunner = function* (scenario) {
  const engine = new Engine(scenario.model);
  for (let step = 1; step <= scenario.steps; step++) yield engine.runStep().row;
};

/**
 * The determinism audit of `sim check --twice`: runs the scenario twice in one process
 * and compares the per-step hash chains. A chain link covers every earlier row, so the
 * first differing link is the first step at which the two runs diverged.
 */
export function auditDeterminism(scenario: Scenario, runner: ScenarioRunner = engineRunner): DeterminismAudit {
  const first = hashChain(runner(scenario, 1));
  const second = hashChain(runner(scenario, 2));
  const n = Math.max(first.length, second.length);
  for (let i = 0; i < n; i++) {
    if (first[i] !== second[i]) return { identical: false, firstDifferentStep: i + 1 };
  }
  return { identical: true };
}
