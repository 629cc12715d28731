import type { Clock } from "../../io/clock.ts";
import { evaluateExpectation } from "../expect/evaluateExpectation.ts";
import { compareRows } from "../golden/compareRows.ts";
import type { GoldenStore } from "../golden/goldenStore.ts";
import { planGoldenUpdate } from "../golden/goldenUpdate.ts";
import { metricsRowsOf } from "../../format/metricsRows.ts";
import { goldenLayoutOf } from "../golden/goldenLayout.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import type { DeterminismAudit } from "../audit/auditDeterminism.ts";
import { checkSignatures } from "./checkSignatures.ts";
import { type GoldenOutcome, goldenPassed, type ScenarioCheck, signaturesPassed } from "./scenarioCheck.ts";
import type { ScenarioRunner } from "./scenarioRuns.ts";

export interface CheckDeps {
  readonly goldens: GoldenStore;
  readonly runner: ScenarioRunner;
  readonly clock: Clock;
  /** Plan golden updates instead of comparing (`sim check --update`). Nothing is written here. */
  readonly update: boolean;
  /** `sim check --twice`: the determinism audit of every scenario, given the rows the check ran. */
  readonly audit?: (scenario: Scenario, rows: readonly MetricsRow[]) => DeterminismAudit;
  /** Keep the run's, the baseline's and the golden file's rows in the result (for `--report`). */
  readonly keepRows?: boolean;
}

/**
 * Checks one scenario: (1) run it, (2) compare with its golden file or plan the
 * update, (3) evaluate its expectations, (4) hold its signature expectations against
 * its baseline, (5) with `--twice`, audit its determinism. A golden file that does not parse throws a GoldenFileError (bad input).
 */
export async function checkScenario(scenario: Scenario, deps: CheckDeps): Promise<ScenarioCheck> {
  const startMs = deps.clock.monotonicMs();
  // 1. Run (or reuse the cached run of) the scenario.
  const rows = deps.runner.rowsOf(scenario);
  // 2. Golden file.
  const { outcome: golden, goldenRows } = await goldenOutcome(scenario, rows, deps);
  // 3. Expectations.
  const expectations = scenario.expectations.map((expectation) => evaluateExpectation(expectation, rows));
  // 4. Signatures against the baseline, run once per check and shared.
  const baselineRows = scenario.baseline === undefined ? undefined : deps.runner.rowsOf(await deps.runner.baselineOf(scenario));
  const signatures = checkSignatures(scenario, expectations, baselineRows);
  const keptRows = deps.keepRows
    ? {
        run: rows,
        ...(baselineRows !== undefined ? { baseline: baselineRows.filter((row) => row.step <= scenario.steps) } : {}),
        ...(goldenRows !== undefined ? { golden: goldenRows } : {}),
      }
    : undefined;
  // 5. With --twice, one more run in this process must agree with the check's run step by step.
  const determinism = deps.audit?.(scenario, rows);
  const passed = goldenPassed(golden) && expectations.every((result) => result.passed) && signaturesPassed(signatures) && determinism?.identical !== false;
  return {
    name: scenario.name,
    file: scenario.file,
    seed: scenario.model.seed,
    steps: scenario.steps,
    golden,
    expectations,
    signatures,
    ...(determinism !== undefined ? { determinism } : {}),
    elapsedMs: deps.clock.monotonicMs() - startMs,
    passed,
    ...(keptRows !== undefined ? { rows: keptRows } : {}),
  };
}

async function goldenOutcome(scenario: Scenario, rows: readonly MetricsRow[], deps: CheckDeps): Promise<{ outcome: GoldenOutcome; goldenRows?: readonly MetricsRow[] }> {
  const path = deps.goldens.pathOf(scenario.name);
  if (deps.update) return { outcome: { kind: "update", path, update: await planGoldenUpdate(deps.goldens, scenario.name, rows, goldenLayoutOf(scenario)) } };
  const lines = await deps.goldens.lines(scenario.name);
  if (lines === undefined) return { outcome: { kind: "missing", path } };
  // Streamed, and read only up to the first difference.
  const comparison = compareRows(metricsRowsOf(lines, path, goldenLayoutOf(scenario)), rows, scenario.golden);
  const outcome: GoldenOutcome = comparison.kind === "match" ? { kind: "match", path, totalValues: comparison.totalValues } : { kind: "mismatch", path, mismatch: comparison };
  // `--report` draws the golden file's rows beside the run's: then it is read whole, once more.
  if (!deps.keepRows) return { outcome };
  const goldenLines = await deps.goldens.lines(scenario.name);
  return { outcome, ...(goldenLines !== undefined ? { goldenRows: [...metricsRowsOf(goldenLines, path, goldenLayoutOf(scenario))] } : {}) };
}
