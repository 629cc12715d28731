import { UserError } from "../../../src/errors.ts";
import { checkScenarios } from "../../verify/check/checkScenarios.ts";
import { formatCheckReport } from "../../verify/check/formatCheckReport.ts";
import { EXIT } from "../../exitCodes.ts";
import { plural } from "../../format/plural.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { isCiSet } from "../../io/isCiSet.ts";
import { checkOutputDirectory, checkOutputFile, outputTarget } from "../../io/outputDestination.ts";
import { startProgress } from "../../io/progress.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";
import { MAX_THREADS } from "../../execute/threads/engineThreads.ts";
import { intOption } from "../commands/intOption.ts";
import type { CheckArgs } from "../commands/check.ts";

/**
 * `sim check [scenario ...] [--update] [--force] [--twice] [--report <file> [--images <dir>]]
 *  [--reporter junit|json --output <file>]`:
 *   1. refuse `--update` under CI unless `--force` (golden files are never written in CI);
 *   2. check the scenarios (checkScenarios: load all, run, compare, plan and write updates);
 *   3. print the report (and write --reporter's to --output); exit 0 all passed, 1 a
 *      check failed, 2 bad input;
 *   4. with `--report <file>`, also write the HTML report of the whole check (and with
 *      `--images <dir>` one SVG per chart); the exit code stays the check's.
 */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // 1. Golden files are a local decision: CI only ever compares against them.
  if (args.force && !args.update) throw new UserError("--force only applies to --update");
  if (args.images !== undefined && args.report === undefined) throw new UserError("--images only applies to --report");
  if ((args.reporter === undefined) !== (args.output === undefined)) throw new UserError("--reporter and --output go together: --reporter junit|json --output <file>");
  if (args.json && args.output === "-") throw new UserError("--json and --output - both print on stdout: give one");
  // A machine-readable document on stdout leaves the console report to stderr.
  const machineOut = args.json || args.output === "-";
  const human = machineOut ? io.stderr : io.stdout;
  // Every destination is checked before the scenarios run, so a check never ends on an output it cannot write.
  // `--output -` is stdout, which needs no check.
  const outputTargetOfReporter = args.output === undefined || args.output === "-" ? undefined : outputTarget("--output", io.cwd, args.output);
  if (outputTargetOfReporter !== undefined) checkOutputFile(outputTargetOfReporter);
  const reportTargets =
    args.report === undefined
      ? undefined
      : { page: outputTarget("--report", io.cwd, args.report), images: args.images === undefined ? undefined : outputTarget("--images", io.cwd, args.images) };
  if (reportTargets !== undefined) {
    checkOutputFile(reportTargets.page);
    if (reportTargets.images !== undefined) checkOutputDirectory(reportTargets.images);
  }
  if (args.update && isCiSet(io.env.CI) && !args.force) {
    throw new UserError(`refusing --update: the environment variable CI is set (CI=${io.env.CI}); golden files are written locally, or pass --force`);
  }
  // 2. A signal stops the check between scenarios (and between golden writes), so that
  // it can say what it wrote.
  const threads = intOption("threads", args.threads, 1, MAX_THREADS);
  const report = await withStopSignals(io, async (stopRequested) => {
    const progress = startProgress(io, { label: "sim check", unit: "scenarios", total: 0 });
    return checkScenarios({
      cwd: io.cwd,
      ...(args.scenario !== undefined ? { files: args.scenario } : {}),
      update: args.update,
      twice: args.twice,
      ...(threads !== undefined ? { threads } : {}),
      clock: io.clock,
      ...(args.report !== undefined ? { keepRows: true } : {}),
      onChecked: (_check, done, total) => progress.update(done, total),
      stopRequested,
    }).finally(progress.stop);
  });
  // 3.
  if (report.staleTemporaries.length > 0) {
    const what = report.staleTemporariesRemoved ? "removed" : "found (run `sim check --update` to remove them, or delete them)";
    io.stderr(`sim: temporary files left in golden/ by an interrupted update ${what}: ${report.staleTemporaries.join(", ")}\n`);
  }
  human(formatCheckReport(report));
  if (report.interrupted !== undefined) {
    const written = report.written.length > 0 ? `golden files written: ${report.written.join(", ")}` : "no golden file was written";
    io.stderr(`sim: check stopped after ${plural(report.checks.length, "scenario")} (${report.interrupted}); ${written}\n`);
    return EXIT.interrupted;
  }
  if (args.reporter !== undefined && args.output !== undefined) {
    // The XML builder is loaded only when a report is asked for.
    const { checkReportText, writeCheckReport } = await import("../../verify/check/checkReporters.ts");
    if (outputTargetOfReporter === undefined) io.stdout(checkReportText(args.reporter, report));
    else writeCheckReport(args.reporter, outputTargetOfReporter, report);
  }
  if (args.json) io.stdout((await import("../../verify/check/checkReporters.ts")).formatCheckJson(report));
  // 4. The report's modules (ECharts among them) load only when a report is asked for.
  if (reportTargets !== undefined) {
    const [{ checkReport }, { writeReport }] = await Promise.all([import("../../analyse/report/checkReport.ts"), import("../../analyse/report/writeReport.ts")]);
    const written = await writeReport(checkReport(report), reportTargets);
    io.stderr(`report: ${args.report}${written.images.length > 0 ? ` (and ${written.images.length} SVG files in ${args.images})` : ""}\n`);
  }
  return report.passed ? EXIT.ok : EXIT.checkFailed;
}
