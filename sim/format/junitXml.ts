import { create } from "xmlbuilder2";

/** One test case of a JUnit report: passed, failed (with the console's text) or skipped. */
export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly timeMs: number;
  readonly failure?: { readonly type: string; readonly message: string; readonly text: string };
  readonly skipped?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly cases: readonly JUnitCase[];
}

/** Seconds with millisecond precision, the form JUnit's `time` attributes take. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * The JUnit XML that CI systems read (Jenkins, GitLab, GitHub reporters): one
 * <testsuites> holding one <testsuite> with a <testcase> per case, built with xmlbuilder2
 * so that every attribute and text is escaped. No timestamp or host name: the same
 * results give the same file but for the times.
 */
export function formatJUnitXml(suite: JUnitSuite): string {
  const failures = suite.cases.filter((c) => c.failure !== undefined).length;
  const skipped = suite.cases.filter((c) => c.skipped !== undefined).length;
  const timeMs = suite.cases.reduce((sum, c) => sum + c.timeMs, 0);
  const counts = { tests: String(suite.cases.length), failures: String(failures), errors: "0" };
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", { name: suite.name, ...counts, time: seconds(timeMs) });
  const element = root.ele("testsuite", { name: suite.name, ...counts, skipped: String(skipped), time: seconds(timeMs) });
  for (const c of suite.cases) {
    const testcase = element.ele("testcase", { name: c.name, classname: c.classname, time: seconds(c.timeMs) });
    if (c.failure !== undefined) testcase.ele("failure", { type: c.failure.type, message: c.failure.message }).txt(c.failure.text);
    if (c.skipped !== undefined) testcase.ele("skipped", { message: c.skipped });
  }
  return root.end({ prettyPrint: true }) + "\n";
}
