import { simulate } from "../../../src/engine/simulate.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { writtenRows } from "../../format/writtenSteps.ts";
import { hashChain } from "./hashChain.ts";
import { wandbRunDigest } from "./wandbRunDigest.ts";

export interface DeterminismAudit {
  readonly identical: boolean;
  /** The first step whose chain link differs (a missing row counts as different). */
  readonly firstDifferentStep?: number;
  /** Set when the rows agree but the W&B offline runs written from them do not (wandbRunDigest.ts). */
  readonly differingOutput?: "wandb/";
}

/** Runs a scenario once more from step 1, in memory (tests inject one that diverges). */
export type ScenarioRerun = (scenario: Scenario) => Iterable<MetricsRow>;

export const engineRerun: ScenarioRerun = (scenario) => writtenRows(simulate(scenario.model, scenario.steps), { every: scenario.metricsEvery, lastStep: scenario.steps });

/**
 * The determinism audit of `sim check --twice`: runs the scenario once more in the
 * process that already ran it for the check, and compares the two runs' per-step hash
 * chains. A chain link covers every earlier row, so the first differing link is the
 * first step at which the two runs diverged. When the rows agree, it also compares the
 * W&B offline runs written from each (wandbRunDigest.ts), byte for byte.
 */
export function auditDeterminism(scenario: Scenario, firstRun: Iterable<MetricsRow>, rerun: ScenarioRerun = engineRerun, runDigest: RunDigest = wandbRunDigest): DeterminismAudit {
  const firstRows = [...firstRun];
  const secondRows = [...rerun(scenario)];
  const first = hashChain(firstRows);
  const second = hashChain(secondRows);
  const n = Math.max(first.length, second.length);
  for (let i = 0; i < n; i++) {
    if (first[i] !== second[i]) return { identical: false, firstDifferentStep: i + 1 };
  }
  // The rows agree: so must the W&B offline runs written from them (the fixed clock's; `--wall-time now` runs differ by design).
  if (runDigest(scenario, firstRows) !== runDigest(scenario, secondRows)) return { identical: false, differingOutput: "wandb/" };
  return { identical: true };
}

/** What the audit compares of the two runs' written outputs (tests inject one that differs). */
export type RunDigest = (scenario: Scenario, rows: readonly MetricsRow[]) => string;
