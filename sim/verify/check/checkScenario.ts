import type { Clock } from "../../io/clock.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import { ExpectationEvaluator } from "../expect/evaluateExpectation.ts";
import type { ExpectationResult } from "../expect/expectationResult.ts";
import { RowComparison } from "../golden/compareRows.ts";
import type { GoldenStore } from "../golden/goldenStore.ts";
import { discardGoldenUpdate, GoldenDraftWriter, planDraftedUpdate } from "../golden/goldenUpdate.ts";
import { metricsRowsOf } from "../../format/metricsRows.ts";
import { goldenLayoutOf } from "../golden/goldenLayout.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import type { DeterminismAudit, RunAudit } from "../audit/auditDeterminism.ts";
import { DrawnRowsKeeper } from "../../format/drawnRows.ts";
import { firstWrittenStepFrom, type WrittenSteps, writtenStepCount } from "../../format/writtenSteps.ts";
import { checkSignatures } from "./checkSignatures.ts";
import { type CheckedRows, type GoldenOutcome, goldenPassed, type ScenarioCheck, signaturesPassed } from "./scenarioCheck.ts";
import type { ScenarioRunner } from "./scenarioRuns.ts";

export interface CheckDeps {
  readonly goldens: GoldenStore;
  readonly runner: ScenarioRunner;
  readonly clock: Clock;
  /** Plan golden updates instead of comparing (`sim check --update`): each new text is drafted here, and put in place by the caller. */
  readonly update: boolean;
  /** `sim check --twice`: the determinism audit of a scenario, fed the rows the check runs as they pass. */
  readonly audit?: (scenario: Scenario) => RunAudit;
  /** Keep the run's, the baseline's and the golden file's rows in the result as the report draws them (for `--report`). */
  readonly keepRows?: boolean;
  /** Polled every STOP_POLL_ROWS rows of the run and every PLAN_PAUSE_LINES lines of an update's plan, the event loop let in first: a reason (a signal) stops the scenario's check with a CheckStopped, its draft discarded. */
  readonly stopRequested?: () => string | undefined;
}

/** Rows between two polls of stopRequested: a fraction of a second of a run at the step limit, nothing next to a row's cost. */
export const STOP_POLL_ROWS = 4096;

/** A scenario's check stopped mid-run by a signal: nothing of it is kept, and no draft of its golden file is left. */
export class CheckStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CheckStopped";
  }
}

/**
 * Checks one scenario: (1) run it, (2) compare with its golden file or draft the
 * update, (3) evaluate its expectations, (4) hold its signature expectations against
 * its baseline, (5) with `--twice`, audit its determinism. A golden file that does not parse throws a GoldenFileError (bad input).
 */
export async function checkScenario(scenario: Scenario, deps: CheckDeps): Promise<ScenarioCheck> {
  const startMs = deps.clock.monotonicMs();
  // 1. Run (or reuse the cached run of) the scenario: its rows, made one at a time.
  const rows = deps.runner.rowsOf(scenario);
  // 2, 3 and 5. One pass over them: the golden file, the expectations and the audit.
  const pass = await onePassOver(rows, scenario, deps);
  const { golden, expectations, determinism } = pass;
  try {
    // 4. Signatures against the baseline, run once per check and shared.
    const baseline = scenario.baseline === undefined ? undefined : await deps.runner.baselineOf(scenario);
    const baselineRows = baseline === undefined ? undefined : deps.runner.rowsOf(baseline);
    const signatures = checkSignatures(scenario, expectations, baselineRows);
    const keptRows: CheckedRows | undefined =
      pass.run !== undefined
        ? {
            run: pass.run,
            ...(baseline !== undefined && baselineRows !== undefined ? { baseline: drawnRowsThrough(baselineRows, baseline.metricsEvery, scenario.steps) } : {}),
            ...(pass.golden.kind === "mismatch" ? { golden: await drawnGoldenRows(scenario, deps.goldens) } : {}),
          }
        : undefined;
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
  } catch (error) {
    if (golden.kind === "update") discardGoldenUpdate(golden.update);
    throw error;
  }
}

interface RunPass {
  readonly golden: GoldenOutcome;
  readonly expectations: ExpectationResult[];
  readonly determinism?: DeterminismAudit;
  /** The run's rows as the report draws them, for --report. */
  readonly run?: CheckedRows["run"];
}

/**
 * The run's rows, as the engine makes them, go to the golden comparison (which reads the
 * golden file beside them and stops at its first difference) or to the draft of its new
 * text (an update), to every expectation, to the determinism audit and, for `--report`, to
 * the rows the report draws, and are then dropped: a check of a run at the step limit
 * holds one row of each side, whatever it was asked for.
 */
async function onePassOver(rows: Iterable<MetricsRow>, scenario: Scenario, deps: CheckDeps): Promise<RunPass> {
  const path = deps.goldens.pathOf(scenario.name);
  const layout = goldenLayoutOf(scenario);
  const evaluators = scenario.expectations.map((expectation) => new ExpectationEvaluator(expectation));
  const runKept = deps.keepRows ? keeperOf({ every: scenario.metricsEvery, lastStep: scenario.steps }) : undefined;
  const lines = deps.update ? undefined : await deps.goldens.lines(scenario.name);
  const comparison = lines === undefined ? undefined : new RowComparison(metricsRowsOf(lines, path, layout), scenario.golden);
  const pollStop = stopPollOf(deps.stopRequested);
  let draft: GoldenDraftWriter | undefined;
  let auditor: RunAudit | undefined;
  try {
    if (deps.update) draft = new GoldenDraftWriter(await deps.goldens.draft(scenario.name));
    auditor = deps.audit?.(scenario);
    let count = 0;
    for (const row of rows) {
      comparison?.push(row);
      for (const evaluator of evaluators) evaluator.push(row);
      draft?.push(row);
      auditor?.push(row);
      runKept?.add(row);
      if (++count % STOP_POLL_ROWS === 0 && pollStop !== undefined) await pollStop();
    }
    const determinism = auditor?.finish();
    const expectations = evaluators.map((evaluator) => evaluator.result());
    const kept = { ...(determinism !== undefined ? { determinism } : {}), ...(runKept !== undefined ? { run: runKept.finish() } : {}) };
    if (draft !== undefined) {
      // The plan reads the old file and the draft side by side, seconds at the step limit: a signal stops it too.
      const update = await planDraftedUpdate(deps.goldens, draft.draft, layout, pollStop);
      return { golden: { kind: "update", path, update }, expectations, ...kept };
    }
    if (comparison === undefined) return { golden: { kind: "missing", path }, expectations, ...kept };
    const result = comparison.finish();
    return { golden: result.kind === "match" ? { kind: "match", path, totalValues: result.totalValues } : { kind: "mismatch", path, mismatch: result }, expectations, ...kept };
  } catch (error) {
    comparison?.close();
    draft?.draft.discard();
    auditor?.discard();
    throw error;
  }
}

/** Lets the event loop in, so that signal handlers run, then throws a CheckStopped if a stop was requested; undefined when nothing can request one. */
function stopPollOf(stopRequested: CheckDeps["stopRequested"]): (() => Promise<void>) | undefined {
  if (stopRequested === undefined) return undefined;
  return async () => {
    await yieldToEventLoop();
    const stop = stopRequested();
    if (stop !== undefined) throw new CheckStopped(stop);
  };
}

/** A keeper of the rows `written` writes from step 1, as the report draws them. */
function keeperOf(written: WrittenSteps): DrawnRowsKeeper {
  return new DrawnRowsKeeper(writtenStepCount(written, 1), firstWrittenStepFrom(written, 1));
}

/** A baseline's rows over the diagnostic's steps (its run stopped past them), as the report draws them. */
function drawnRowsThrough(rows: Iterable<MetricsRow>, every: number, lastStep: number): CheckedRows["run"] {
  const keeper = keeperOf({ every, lastStep });
  for (const row of rows) {
    if (row.step > lastStep) break;
    keeper.add(row);
  }
  return keeper.finish();
}

/** The golden file's rows, read once more (a mismatch is drawn against them), as the report draws them. */
async function drawnGoldenRows(scenario: Scenario, goldens: GoldenStore): Promise<CheckedRows["run"]> {
  const keeper = keeperOf({ every: scenario.metricsEvery, lastStep: scenario.steps });
  const lines = await goldens.lines(scenario.name);
  if (lines !== undefined) for (const row of metricsRowsOf(lines, goldens.pathOf(scenario.name), goldenLayoutOf(scenario))) keeper.add(row);
  return keeper.finish();
}
