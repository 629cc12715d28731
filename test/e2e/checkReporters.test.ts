import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureProject } from "../helpers/fixtureProject.ts";
import { tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";
import { junitSchemaErrors } from "../helpers/validateJUnit.ts";

const tempDir = tempDirsPerTest("sim-check-reporters-");

/** A project-shaped temp dir with the fixture scenarios, tiny_healthy's golden edited at step 5. */
function projectWithMismatch(): string {
  const dir = copyFixtureProject(tempDir());
  const file = join(dir, "golden/tiny_healthy.jsonl");
  const lines = readFileSync(file, "utf8").split("\n");
  lines[4] = (lines[4] as string).replace('"ledger_wipe_count":0', '"ledger_wipe_count":7');
  writeFileSync(file, lines.join("\n"));
  return dir;
}

describe("sim check --reporter", () => {
  it("junit: one case per scenario, the mismatch a <failure> carrying the console's first divergence; valid against the JUnit schema; console unchanged", async () => {
    const dir = projectWithMismatch();
    const plain = await runMain(["check"], { cwd: dir });
    const result = await runMain(["check", "--reporter", "junit", "--output", "report.xml"], { cwd: dir });
    expect(result.status).toBe(1);
    const withoutTimes = (text: string): string => text.replace(/ +\d+\n/g, "\n");
    expect(withoutTimes(result.stdout)).toBe(withoutTimes(plain.stdout));
    const xml = readFileSync(join(dir, "report.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="sim check" tests="2" failures="1" errors="0" skipped="0" time="[\d.]+">/);
    expect(xml).toMatch(/<testcase name="tiny_stale" classname="sim-check" time="[\d.]+"\/>/);
    const failure = /<failure type="golden mismatch" message="([^"]*)">([^<]*)<\/failure>/.exec(xml);
    expect(failure).not.toBeNull();
    expect(failure![1]).toContain("First difference at step 5 key ledger_wipe_count: expected 7, actual 0");
    // The element's text is the console's failure block, line for line.
    const start = result.stdout.indexOf("FAIL tiny_healthy");
    const consoleBlock = result.stdout.slice(start, result.stdout.indexOf("\n", result.stdout.indexOf("  reproduce:", start)));
    const text = failure![2]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(text).toBe(consoleBlock);
    expect(text).toContain("First difference at step 5 key ledger_wipe_count: expected 7, actual 0");
  });

  it("json: the check as data, with each scenario's outcome and failure block", async () => {
    const dir = projectWithMismatch();
    expect((await runMain(["check", "--reporter", "json", "--output", "report.json"], { cwd: dir })).status).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ format: "sim-check-report", format_version: 1, passed: false, summary: { scenarios: 2, passed: 1, failed: 1 }, orphan_goldens: [] });
    expect(report.scenarios[0]).toMatchObject({ name: "tiny_healthy", passed: false, golden: { status: "mismatch", path: "golden/tiny_healthy.jsonl" } });
    expect(report.scenarios[0].failure.join("\n")).toContain("First difference at step 5 key ledger_wipe_count");
    expect(report.scenarios[1]).toMatchObject({ name: "tiny_stale", passed: true, failure: null, golden: { status: "match" } });
  });

  it("--reporter without --output (or the reverse) is a usage error", async () => {
    const result = await runMain(["check", "--reporter", "junit"], { cwd: projectWithMismatch() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--reporter and --output go together/);
  });
});
