import { describe, expect, it } from "vitest";
import { formatFailingKillersJUnit, formatMutateJUnit } from "../../../tools/mutate/mutateJUnit.ts";
import type { MutantResult } from "../../../tools/mutate/mutantStatus.ts";
import { junitSchemaErrors } from "../../helpers/validateJUnit.ts";

const RESULTS: MutantResult[] = [
  { id: "a-killed", status: "killed", killer: "test/x.test.ts", detail: "1 test failed", elapsedMs: 1200 },
  { id: "b-survived", status: "survived", detail: "every killer passed: test/y.test.ts & <check>", elapsedMs: 800 },
  { id: "c-error", status: "error", killer: "check scenarios/z.toml", detail: "ran no test", elapsedMs: 10 },
  { id: "d-unviable", status: "unviable", detail: "TS2322 at src/a.ts:3", elapsedMs: 5 },
];

describe("formatMutateJUnit", () => {
  it("one case per mutant; survived, error and unviable are failures with the console's line; valid JUnit", async () => {
    const xml = formatMutateJUnit(RESULTS);
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="sim mutate" tests="4" failures="3" errors="0" skipped="0" time="2\.015">/);
    expect(xml).toContain('<testcase name="a-killed" classname="sim-mutate" time="1.200"/>');
    expect(xml).toContain('<failure type="survived" message="b-survived (survived): every killer passed: test/y.test.ts &amp; &lt;check&gt;">');
    expect(xml).toContain('<failure type="error" message="c-error (error): ran no test">c-error (error): ran no test\nkiller: check scenarios/z.toml</failure>');
    expect(xml).toContain('<failure type="unviable"');
  });

  it("phase 3's stop: one failed case per killer that fails on the unmutated code", async () => {
    const xml = formatFailingKillersJUnit([
      { killer: { kind: "test", file: "test/x.test.ts", name: "foo" }, mutantIds: ["m1", "m2"], outcome: { verdict: "failed", detail: "2 tests failed", elapsedMs: 50 } },
    ]);
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('message="test/x.test.ts -t &quot;foo&quot; does not pass on the unmutated code: 2 tests failed (named by m1, m2)"');
  });

  it("the schema check is not vacuous: it rejects a testsuite without its counts", async () => {
    const errors = await junitSchemaErrors('<?xml version="1.0"?><testsuites><testsuite name="x"><testcase name="t"/></testsuite></testsuites>');
    expect(errors.join("\n")).toMatch(/tests.*required|required.*tests/i);
  });
});
