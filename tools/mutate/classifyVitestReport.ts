import type { KillerVerdict } from "./mutantStatus.ts";

/** The parts of vitest's JSON reporter output (jest's format) that the verdict reads. */
export interface VitestJsonReport {
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly message?: string;
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages?: readonly string[];
    }[];
  }[];
}

export interface VitestRun {
  /** The parsed report, or undefined when vitest wrote none (or not JSON). */
  readonly report: VitestJsonReport | undefined;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly timeoutMs?: number;
}

/**
 * What one vitest run of a killer says, read from the JSON report rather than the exit
 * code: vitest 4 exits 0 when a `-t` filter matches nothing (every test is "skipped"),
 * and exits 1 both for a failing assertion and for a test file that does not import.
 * So: a file that failed with no test results did not load (`loadFailed`, unviable); a
 * failed test is a kill (`failed`); zero tests that ran, a missing report, a timeout or
 * a non-zero exit with every test passing prove nothing (`inconclusive`).
 */
export function classifyVitestRun(run: VitestRun): { verdict: KillerVerdict; detail: string } {
  if (run.timedOut) return { verdict: "inconclusive", detail: `timed out after ${Math.round((run.timeoutMs ?? 0) / 1000)} s` };
  const report = run.report;
  if (report === undefined || !Array.isArray(report.testResults)) {
    return { verdict: "inconclusive", detail: `vitest wrote no report (exit ${run.exitCode ?? "by signal"})` };
  }
  if (report.testResults.length === 0) return { verdict: "inconclusive", detail: "no test file matched" };

  for (const file of report.testResults) {
    if (file.status === "failed" && file.assertionResults.length === 0) {
      return { verdict: "loadFailed", detail: `${file.name} did not load: ${firstLine(file.message)}` };
    }
  }
  let passed = 0;
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      if (test.status === "failed") return { verdict: "failed", detail: `${test.fullName}: ${firstLine(test.failureMessages?.[0])}` };
      if (test.status === "passed") passed++;
    }
  }
  const suiteFailure = report.testResults.find((file) => file.status === "failed");
  if (suiteFailure !== undefined) return { verdict: "failed", detail: `${suiteFailure.name} failed: ${firstLine(suiteFailure.message)}` };
  if (passed === 0) return { verdict: "inconclusive", detail: "no test ran (does the -t filter match a test name?)" };
  if (run.exitCode !== 0) return { verdict: "inconclusive", detail: `vitest exited ${run.exitCode ?? "by signal"} although ${passed} test(s) passed (an unhandled error?)` };
  return { verdict: "passed", detail: `${passed} test${passed === 1 ? "" : "s"} passed` };
}

function firstLine(text: string | undefined): string {
  const line = (text ?? "").split("\n").find((l) => l.trim() !== "") ?? "(no message)";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line.trim();
}
