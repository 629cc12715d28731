import { UserError } from "../../../src/errors.ts";
import { checkScenarios } from "../../verify/check/checkScenarios.ts";
import { systemClock } from "../../io/clock.ts";
import { checkReport } from "../../analyse/report/checkReport.ts";
import { renderReportPage } from "../../analyse/report/renderReportPage.ts";
import { loadScenario } from "../../input/scenario/loadScenario.ts";
import { problemLocation } from "../../input/scenario/problemLocation.ts";
import { ScenarioError } from "../../input/scenario/scenarioError.ts";
import type { WatchOutcome } from "./watchOutcome.ts";

/** What `sim watch` hands its worker: the scenario as the user named it, and the directory it is named from. */
export interface WatchTask {
  readonly file: string;
  readonly cwd: string;
}

/**
 * The worker's entry (workerPool.ts loads this module's default export): checks the
 * scenario exactly as `sim check --report` does (run, golden file, expectations,
 * signatures against the baseline) and renders the same report page. It runs in a
 * worker process so that a save arriving mid-run can cancel it by ending the process.
 * A scenario that does not load gives its problems in `sim validate`'s words, each with
 * the file and line it names.
 */
export default async function runWatchTask(task: WatchTask): Promise<WatchOutcome> {
  const startMs = systemClock.monotonicMs();
  try {
    // Loaded first as `sim validate` loads it, so that a problem reads as validate words it.
    const { warnings = [] } = loadScenario(task.file, {}, task.cwd);
    const result = await checkScenarios({ cwd: task.cwd, files: [task.file], keepRows: true });
    const check = result.checks[0];
    if (check === undefined) throw new Error(`sim watch: the check of ${task.file} returned no result`);
    const document = checkReport(result);
    const verdicts = (document.blocks[0]?.notes ?? []).filter((note) => note.passed !== undefined).map((note) => ({ text: note.text, passed: note.passed === true }));
    return { kind: "report", html: renderReportPage(document), passed: check.passed, verdicts, warnings, runMs: systemClock.monotonicMs() - startMs };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const problems = error instanceof ScenarioError ? error.problems : [error.message];
    return {
      kind: "invalid",
      heading: `invalid ${task.file}:`,
      problems: problems.map((text) => ({ text, ...problemLocation(text, task.cwd) })),
    };
  }
}
