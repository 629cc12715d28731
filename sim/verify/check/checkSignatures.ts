import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { evaluateExpectations } from "../expect/evaluateExpectation.ts";
import type { ExpectationResult } from "../expect/expectationResult.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import type { SignatureOutcome } from "./scenarioCheck.ts";

/**
 * Holds a diagnostic's signature expectations against its baseline's rows. A signature
 * separates when it holds on the diagnostic and does not hold on the baseline; one
 * that holds on both shows nothing the healthy run does not already show. The baseline
 * is compared over the diagnostic's step count, so "all steps" means the same steps:
 * its rows are read (or its run made) up to there and no further, in one pass for all
 * the signatures.
 */
export function checkSignatures(scenario: Scenario, results: readonly ExpectationResult[], baselineRows: Iterable<MetricsRow> | undefined): SignatureOutcome {
  const signatures = results.filter((result) => result.expectation.signature);
  if (scenario.baseline === undefined || baselineRows === undefined) {
    return signatures.length === 0 ? { kind: "none" } : { kind: "no baseline", signatures: signatures.length };
  }
  if (signatures.length === 0) return { kind: "no signatures", baseline: scenario.baseline };
  const onBaseline = evaluateExpectations(
    signatures.map((onScenario) => onScenario.expectation),
    rowsThrough(baselineRows, scenario.steps),
  );
  return {
    kind: "checked",
    baseline: scenario.baseline,
    separations: signatures.map((onScenario, index) => {
      const held = onBaseline[index] as ExpectationResult;
      return { expectation: onScenario.expectation, onScenario, onBaseline: held, separated: onScenario.passed && !held.passed };
    }),
  };
}

/** The rows up to `lastStep`, in step order; the source is left (its run stopped) at the first row past it. */
function* rowsThrough(rows: Iterable<MetricsRow>, lastStep: number): Generator<MetricsRow, void, undefined> {
  for (const row of rows) {
    if (row.step > lastStep) return;
    yield row;
  }
}
