import { simulate } from "../../src/engine/simulate.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { hashChain } from "./hashChain.ts";

export interface DeterminismAudit {
  readonly identical: boolean;
  /** The first step whose chain link differs (a missing row counts as different). */
  readonly firstDifferentStep?: number;
}

/** Runs a scenario once more from step 1, in memory (tests inject one that diverges). */
export type ScenarioRerun = (scenario: Scenario) => Iterable<MetricsRow>;

export const engineRerun: ScenarioRerun = (scenario) => simulate(scenario.model, scenario.steps);

/**
 * The determinism audit of `sim check --twice`: runs the scenario once more in the
 * process that already ran it for the check, and compares the two runs' per-step hash
 * chains. A chain link covers every earlier row, so the first differing link is the
 * first step at which the two runs diverged.
 */
export function auditDeterminism(scenario: Scenario, firstRun: Iterable<MetricsRow>, rerun: ScenarioRerun = engineRerun): DeterminismAudit {
  const first = hashChain(firstRun);
  const second = hashChain(rerun(scenario));
  const n = Math.max(first.length, second.length);
  for (let i = 0; i < n; i++) {
    if (first[i] !== second[i]) return { identical: false, firstDifferentStep: i + 1 };
  }
  return { identical: true };
}
