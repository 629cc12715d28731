import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { evaluateExpectation } from "../expect/evaluateExpectation.ts";
import type { ExpectationResult } from "../expect/expectationResult.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import type { SignatureOutcome } from "./scenarioCheck.ts";

/**
 * Holds a diagnostic's signature expectations against its baseline's rows. A signature
 * separates when it holds on the diagnostic and does not hold on the baseline; one
 * that holds on both shows nothing the healthy run does not already show. The baseline
 * is compared over the diagnostic's step count, so "all steps" means the same steps.
 */
export function checkSignatures(scenario: Scenario, results: readonly ExpectationResult[], baselineRows: readonly MetricsRow[] | undefined): SignatureOutcome {
  const signatures = results.filter((result) => result.expectation.signature);
  if (scenario.baseline === undefined || baselineRows === undefined) {
    return signatures.length === 0 ? { kind: "none" } : { kind: "no baseline", signatures: signatures.length };
  }
  if (signatures.length === 0) return { kind: "no signatures", baseline: scenario.baseline };
  const comparedRows = baselineRows.filter((row) => row.step <= scenario.steps);
  return {
    kind: "checked",
    baseline: scenario.baseline,
    separations: signatures.map((onScenario) => {
      const onBaseline = evaluateExpectation(onScenario.expectation, comparedRows);
      return { expectation: onScenario.expectation, onScenario, onBaseline, separated: onScenario.passed && !onBaseline.passed };
    }),
  };
}
