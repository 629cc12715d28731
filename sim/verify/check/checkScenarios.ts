import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { simulateRows } from "../../../src/engine/simulate.ts";
import { engineThreads } from "../../execute/threads/engineThreads.ts";
import { compareCodeUnits } from "../../format/codeUnitOrder.ts";
import type { GoldenStore } from "../golden/goldenStore.ts";
import { applyGoldenUpdate, discardGoldenUpdate, findOrphanGoldens } from "../golden/goldenUpdate.ts";
import { nodeGoldenStore } from "../golden/nodeGoldenStore.ts";
import { type Clock, systemClock } from "../../io/clock.ts";
import { yieldToEventLoop } from "../../io/yieldToEventLoop.ts";
import { loadScenario } from "../../input/scenario/loadScenario.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { type CheckDeps, checkScenario, CheckStopped } from "./checkScenario.ts";
import type { CheckReport } from "./formatCheckReport.ts";
import type { ScenarioCheck } from "./scenarioCheck.ts";
import { CachingScenarioRunner } from "./scenarioRuns.ts";
import { writtenRowsOf } from "../../format/writtenSteps.ts";
import { shownPath } from "../../io/shownPath.ts";

export const SCENARIO_DIR = "scenarios";
export const GOLDEN_DIR = "golden";

export interface CheckScenariosOptions {
  /** The project directory holding scenarios/ and golden/ (default: the process's). */
  readonly cwd?: string;
  /** Scenario files, relative to cwd (default: every scenarios/*.toml, by name). */
  readonly files?: readonly string[];
  /** Plan and write the changed golden files (the caller decides whether CI allows it). */
  readonly update?: boolean;
  /** The determinism audit: run each scenario once more, in step with the check's run, and compare them row by row. */
  readonly twice?: boolean;
  /** Threads to step each scenario's ranks on (default: engineThreads' choice); the rows are the same for every count. */
  readonly threads?: number;
  readonly clock?: Clock;
  /** Keep each scenario's rows (and its baseline's and golden file's) in its ScenarioCheck as the report draws them, for `--report`. */
  readonly keepRows?: boolean;
  /** Polled between scenarios, every few thousand rows of a run and between golden writes: a reason (e.g. "interrupted by SIGINT") stops the check. */
  readonly stopRequested?: () => string | undefined;
  /** Called as each scenario's check completes, for progress displays. */
  readonly onChecked?: (check: ScenarioCheck, index: number, total: number) => void;
}

export interface CheckScenariosResult extends CheckReport {
  readonly passed: boolean;
  /** The scenarios as loaded, in the order of `checks`. */
  readonly scenarios: readonly Scenario[];
  /** Why the check stopped early (a signal), if it did: then `checks` holds only the scenarios checked. */
  readonly interrupted?: string;
  /** The golden files written, as shown (with `update`). */
  readonly written: readonly string[];
  /** Temporary files an interrupted update had left in golden/: removed with `update`, reported otherwise. */
  readonly staleTemporaries: readonly string[];
  readonly staleTemporariesRemoved: boolean;
}

/**
 * `sim check` as a value-returning function:
 *   1. load every scenario first, so bad input stops the check before anything runs
 *      (a UserError listing every bad file);
 *   2. check each scenario (run, golden, expectations, signatures), with `update`
 *      drafting each golden file's new text beside it;
 *   3. with `update`, put the new and changed golden files in place (each draft renamed
 *      over its file), only after every one has been planned, so a corrupt golden file
 *      stops the update with nothing overwritten; a check that stops or fails first
 *      removes every draft, leaving every golden file as it was;
 *   4. return the checks and the orphan goldens; nothing is printed.
 */
export async function checkScenarios(options: CheckScenariosOptions = {}): Promise<CheckScenariosResult> {
  const cwd = options.cwd ?? process.cwd();
  const update = options.update ?? false;
  const clock = options.clock ?? systemClock;

  // 1. Load everything, reporting every bad file at once.
  const named = options.files !== undefined && options.files.length > 0 ? [...options.files] : undefined;
  const files = named ?? (await defaultScenarioFiles(cwd));
  const scenarios = loadAll(files, cwd);

  // 2. Check each scenario; the runner simulates each file (and each baseline) once.
  const goldens = nodeGoldenStore(resolve(cwd, GOLDEN_DIR), cwd);
  const staleTemporaries = await goldens.staleTemporaries(update);
  const stopRequested = options.stopRequested ?? (() => undefined);
  let interrupted: string | undefined;
  const runner = new CachingScenarioRunner(
    // The rows the scenario's metrics_every writes: the golden file holds those, and the expectations see those.
    (scenario) =>
      writtenRowsOf(simulateRows(scenario.model, scenario.steps, engineThreads(scenario.model, options.threads)), { every: scenario.metricsEvery, lastStep: scenario.steps }),
    (file) => loadScenario(resolve(cwd, file)),
    cwd,
  );
  const checks: ScenarioCheck[] = [];
  // The determinism audit, and the W&B run writer and protobuf encoder it digests through,
  // load only for --twice: 43 modules, about 25 ms of CPU, that every other check loaded for nothing.
  const { DeterminismAuditor } = options.twice ? await import("../audit/auditDeterminism.ts") : { DeterminismAuditor: undefined };
  const audit = DeterminismAuditor === undefined ? undefined : (scenario: Scenario) => new DeterminismAuditor(scenario);
  const deps: CheckDeps = { goldens, runner, clock, update, stopRequested, ...(audit ? { audit } : {}), ...(options.keepRows ? { keepRows: true } : {}) };
  const written: string[] = [];
  try {
    interrupted = await checkEach(scenarios, deps, checks, options.onChecked);
    // 3. Write only after every golden file was planned (and so parsed), and not at all once interrupted.
    if (update && interrupted === undefined) interrupted = await applyUpdates(checks, goldens, stopRequested, written);
  } finally {
    // The drafts not put in place (the check stopped or failed): removed, their golden files as they were.
    for (const check of checks) if (check.golden.kind === "update") discardGoldenUpdate(check.golden.update);
  }

  // 4. Orphans are only knowable when every scenario was checked.
  const orphanGoldens =
    named !== undefined || interrupted !== undefined
      ? []
      : (
          await findOrphanGoldens(
            goldens,
            checks.map((c) => c.name),
          )
        ).map((name) => goldens.pathOf(name));
  return {
    checks,
    orphanGoldens,
    update,
    passed: interrupted === undefined && checks.every((check) => check.passed),
    ...(interrupted !== undefined ? { interrupted } : {}),
    written,
    staleTemporaries,
    staleTemporariesRemoved: update,
    scenarios,
  };
}

/** Checks each scenario in turn into `checks`; returns why it stopped early (a signal), if it did. */
async function checkEach(scenarios: readonly Scenario[], deps: CheckDeps, checks: ScenarioCheck[], onChecked: CheckScenariosOptions["onChecked"]): Promise<string | undefined> {
  const stopRequested = deps.stopRequested ?? (() => undefined);
  for (const scenario of scenarios) {
    // The event loop let in first, so that a signal's handler has run.
    await yieldToEventLoop();
    const stop = stopRequested();
    if (stop !== undefined) return stop;
    let check: ScenarioCheck;
    try {
      check = await checkScenario(scenario, deps);
    } catch (error) {
      if (!(error instanceof CheckStopped)) throw error;
      return error.reason;
    }
    checks.push(check);
    onChecked?.(check, checks.length, scenarios.length);
  }
  return undefined;
}

/** Puts every new and changed golden file's draft in place, naming each in `written`; returns why it stopped early (a signal), if it did. */
async function applyUpdates(checks: readonly ScenarioCheck[], goldens: GoldenStore, stopRequested: () => string | undefined, written: string[]): Promise<string | undefined> {
  for (const check of checks) {
    if (check.golden.kind !== "update" || check.golden.update.kind === "unchanged") continue;
    await yieldToEventLoop();
    const stop = stopRequested();
    if (stop !== undefined) return stop;
    applyGoldenUpdate(check.golden.update);
    written.push(goldens.pathOf(check.name));
  }
  return undefined;
}

/** Every scenarios/*.toml under `cwd`, sorted by name: scenarios are discovered, not listed. */
export async function defaultScenarioFiles(cwd: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(resolve(cwd, SCENARIO_DIR));
  } catch {
    throw new UserError(`no ${SCENARIO_DIR}/ directory in ${cwd}; name the scenario files to check`);
  }
  const files = entries.filter((entry) => entry.endsWith(".toml")).sort(compareCodeUnits);
  if (files.length === 0) throw new UserError(`no *.toml scenario files in ${SCENARIO_DIR}/`);
  return files.map((entry) => join(SCENARIO_DIR, entry));
}

function loadAll(files: readonly string[], cwd: string): Scenario[] {
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      // The loader resolves against the process's directory; give it an absolute path
      // and keep the file as the user named it for messages and the reproduce line.
      const loaded = loadScenario(resolve(cwd, file));
      scenarios.push({ ...loaded, file: shownPath(cwd, resolve(cwd, file)) });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) throw new UserError(errors.join("\n"));
  const names = new Map<string, string>();
  for (const scenario of scenarios) {
    const other = names.get(scenario.name);
    if (other !== undefined) throw new UserError(`${other} and ${scenario.file} both have run.name "${scenario.name}"; each golden file belongs to one scenario`);
    names.set(scenario.name, scenario.file);
  }
  return scenarios;
}
