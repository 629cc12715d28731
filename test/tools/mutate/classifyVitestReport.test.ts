import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyVitestRun, type VitestJsonReport } from "../../../tools/mutate/classifyVitestReport.ts";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";

/** Reports recorded from real vitest 4 runs of a tiny project (test/fixtures/mutate/vitest-reports). */
function recorded(name: string): VitestJsonReport {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "test/fixtures/mutate/vitest-reports", `${name}.json`), "utf8")) as VitestJsonReport;
}

describe("classifyVitestRun", () => {
  it("calls a run where every test passed 'passed' and counts the tests", () => {
    expect(classifyVitestRun({ report: recorded("passed"), exitCode: 0, timedOut: false })).toEqual({ verdict: "passed", detail: "2 tests passed" });
  });

  it("counts only the tests a -t filter selected", () => {
    expect(classifyVitestRun({ report: recorded("filtered-passed"), exitCode: 0, timedOut: false })).toEqual({ verdict: "passed", detail: "1 test passed" });
  });

  it("calls a failed assertion 'failed' and names the test", () => {
    const result = classifyVitestRun({ report: recorded("assertion-failed"), exitCode: 1, timedOut: false });
    expect(result.verdict).toBe("failed");
    expect(result.detail).toBe("fails: AssertionError: expected 1 to be 2 // Object.is equality");
  });

  it("calls a test file that does not import 'loadFailed', not a kill", () => {
    const result = classifyVitestRun({ report: recorded("load-failed"), exitCode: 1, timedOut: false });
    expect(result.verdict).toBe("loadFailed");
    expect(result.detail).toContain("did not load: Cannot find module '../src/missing.ts'");
  });

  it("calls a -t filter that matches nothing 'inconclusive' although vitest exits 0", () => {
    // vitest 4 reports every test as skipped and exits 0: the exit code alone would read as a pass.
    const result = classifyVitestRun({ report: recorded("filter-matches-nothing"), exitCode: 0, timedOut: false });
    expect(result).toEqual({ verdict: "inconclusive", detail: "no test ran (does the -t filter match a test name?)" });
  });

  it("calls a run that matched no test file 'inconclusive'", () => {
    expect(classifyVitestRun({ report: recorded("no-file-matched"), exitCode: 1, timedOut: false })).toEqual({ verdict: "inconclusive", detail: "no test file matched" });
  });

  it("calls a missing report and a timeout 'inconclusive'", () => {
    expect(classifyVitestRun({ report: undefined, exitCode: 1, timedOut: false })).toEqual({ verdict: "inconclusive", detail: "vitest wrote no report (exit 1)" });
    expect(classifyVitestRun({ report: recorded("passed"), exitCode: null, timedOut: true, timeoutMs: 60_000 })).toEqual({
      verdict: "inconclusive",
      detail: "timed out after 60 s",
    });
  });

  it("calls a non-zero exit with every test passing 'inconclusive' (an unhandled error is not a kill)", () => {
    expect(classifyVitestRun({ report: recorded("passed"), exitCode: 1, timedOut: false }).verdict).toBe("inconclusive");
  });
});
