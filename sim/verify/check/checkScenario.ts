import type { Clock } from "../../io/clock.ts";
import { ExpectationEvaluator } from "../expect/evaluateExpectation.ts";
import type { ExpectationResult } from "../expect/expectationResult.ts";
import { RowComparison } from "../golden/compareRows.ts";
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
  readonly audit?: (scenario: Scenario, rows: Iterable<MetricsRow>) => DeterminismAudit;
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
  // 1. Run (or reuse the cached run of) the scenario: its rows, made one at a time.
  const rows = deps.runner.rowsOf(scenario);
  // 2 and 3. One pass over them: the golden file and the expectations.
  const { golden, expectations, runRows, goldenRows } = await onePassOver(rows, scenario, deps);
  // 4. Signatures against the baseline, run once per check and shared.
  const baselineRows = scenario.baseline === undefined ? undefined : deps.runner.rowsOf(await deps.runner.baselineOf(scenario));
  const signatures = checkSignatures(scenario, expectations, baselineRows);
  const keptRows =
    runRows !== undefined
      ? {
          run: runRows,
          ...(baselineRows !== undefined ? { baseline: [...baselineRows].filter((row) => row.step <= scenario.steps) } : {}),
          ...(goldenRows !== undefined ? { golden: goldenRows } : {}),
        }
      : undefined;
  // 5. With --twice, one more run in this process must agree with the check's run step by step.
  const determinism = deps.audit?.(scenario, runRows ?? rows);
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

interface RunPass {
  readonly golden: GoldenOutcome;
  readonly expectations: ExpectationResult[];
  /** The run's rows, for --report. */
  readonly runRows?: readonly MetricsRow[];
  /** The golden file's rows, for --report. */
  readonly goldenRows?: readonly MetricsRow[];
}

/**
 * The run's rows, as the engine makes them, go to the golden comparison (which reads the
 * golden file beside them and stops at its first difference) and to every expectation,
 * and are then dropped: a check of a run at the step limit holds one row of each side.
 * Only an update and `--report` keep them, as they need the whole run.
 */
async function onePassOver(rows: Iterable<MetricsRow>, scenario: Scenario, deps: CheckDeps): Promise<RunPass> {
  const path = deps.goldens.pathOf(scenario.name);
  const layout = goldenLayoutOf(scenario);
  const evaluators = scenario.expectations.map((expectation) => new ExpectationEvaluator(expectation));
  const runRows: MetricsRow[] | undefined = deps.update || deps.keepRows ? [] : undefined;
  const lines = deps.update ? undefined : await deps.goldens.lines(scenario.name);
  const comparison = lines === undefined ? undefined : new RowComparison(metricsRowsOf(lines, path, layout), scenario.golden);
  try {
    for (const row of rows) {
      comparison?.push(row);
      for (const evaluator of evaluators) evaluator.push(row);
      runRows?.push(row);
    }
  } catch (error) {
    comparison?.close();
    throw error;
  }
  const expectations = evaluators.map((evaluator) => evaluator.result());
  if (deps.update) {
    const update = await planGoldenUpdate(deps.goldens, scenario.name, runRows as MetricsRow[], layout);
    return { golden: { kind: "update", path, update }, expectations, ...(deps.keepRows ? { runRows: runRows as MetricsRow[] } : {}) };
  }
  if (comparison === undefined) return { golden: { kind: "missing", path }, expectations, ...(runRows !== undefined ? { runRows } : {}) };
  const result = comparison.finish();
  const golden: GoldenOutcome = result.kind === "match" ? { kind: "match", path, totalValues: result.totalValues } : { kind: "mismatch", path, mismatch: result };
  if (runRows === undefined) return { golden, expectations };
  // `--report` draws the golden file's rows beside the run's: then it is read whole, once more.
  const goldenLines = await deps.goldens.lines(scenario.name);
  return { golden, expectations, runRows, ...(goldenLines !== undefined ? { goldenRows: [...metricsRowsOf(goldenLines, path, layout)] } : {}) };
}
