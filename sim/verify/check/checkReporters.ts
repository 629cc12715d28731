import { formatExpectationResult } from "../expect/formatExpectationResult.ts";
import { writeOutputFile } from "../../io/atomicWrite.ts";
import type { OutputTarget } from "../../io/outputDestination.ts";
import { formatJUnitXml, type JUnitCase } from "../../format/junitXml.ts";
import { failureDetails, type CheckReport } from "./formatCheckReport.ts";
import type { CheckReporter } from "./checkReporterNames.ts";
import { signaturesPassed, type ScenarioCheck } from "./scenarioCheck.ts";

export const CHECK_JSON_FORMAT = "sim-check-report";
export const CHECK_JSON_FORMAT_VERSION = 1;

/** What failed, by kind, for JUnit's `type` attribute. */
function failureKinds(check: ScenarioCheck): string {
  const kinds: string[] = [];
  if (check.golden.kind === "mismatch") kinds.push("golden mismatch");
  if (check.golden.kind === "missing") kinds.push("golden missing");
  if (check.expectations.some((r) => !r.passed)) kinds.push("expectation failed");
  if (!signaturesPassed(check.signatures)) kinds.push("signatures");
  if (check.determinism?.identical === false) kinds.push("determinism");
  return kinds.join(", ") || "failed";
}

/** One test case per scenario; a failure's message and text are the console's failure block. */
export function checkJUnitCase(check: ScenarioCheck): JUnitCase {
  const base = { name: check.name, classname: "sim-check", timeMs: check.elapsedMs };
  if (check.passed) return base;
  const lines = failureDetails(check);
  const reasons = lines.slice(1).map((line) => line.trim());
  return { ...base, failure: { type: failureKinds(check), message: reasons.join("; "), text: lines.join("\n") } };
}

export function formatCheckJUnit(report: CheckReport): string {
  return formatJUnitXml({ name: "sim check", cases: report.checks.map(checkJUnitCase) });
}

/** The check as JSON: per scenario its outcome, each expectation, and the console's failure block. */
export function formatCheckJson(report: CheckReport): string {
  const scenarios = report.checks.map((check) => ({
    name: check.name,
    file: check.file,
    seed: check.seed,
    steps: check.steps,
    passed: check.passed,
    golden: { status: check.golden.kind, path: check.golden.path },
    expectations: check.expectations.map((result) => ({ name: result.expectation.name, passed: result.passed, detail: formatExpectationResult(result) })),
    signatures: check.signatures.kind,
    ...(check.determinism !== undefined ? { determinism_identical: check.determinism.identical } : {}),
    elapsed_ms: Math.round(check.elapsedMs),
    failure: check.passed ? null : failureDetails(check),
  }));
  const failed = report.checks.filter((check) => !check.passed).length;
  return (
    JSON.stringify(
      {
        format: CHECK_JSON_FORMAT,
        format_version: CHECK_JSON_FORMAT_VERSION,
        passed: failed === 0,
        summary: { scenarios: report.checks.length, passed: report.checks.length - failed, failed },
        scenarios,
        orphan_goldens: report.orphanGoldens,
      },
      null,
      2,
    ) + "\n"
  );
}

/** The chosen reporter's text of the check (`--output -` prints it). */
export function checkReportText(reporter: CheckReporter, report: CheckReport): string {
  return reporter === "junit" ? formatCheckJUnit(report) : formatCheckJson(report);
}

/** Writes the chosen report to its --output atomically. */
export function writeCheckReport(reporter: CheckReporter, target: OutputTarget, report: CheckReport): void {
  writeOutputFile(target, checkReportText(reporter, report));
}
