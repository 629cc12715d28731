import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import type { RunStore } from "../../execute/run/runStore.ts";
import { buildExpectations } from "../../input/scenario/buildScenario.ts";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import type { Expectation } from "../../input/scenario/scenario.ts";
import { expectationsTextOf } from "../../execute/sweep/expectationsText.ts";

/** Expectations already built, by the text of their [[expect]] blocks: one entry per distinct set in a sweep (usually one). */
export type ExpectationCache = Map<string, readonly Expectation[]>;

/**
 * The expectations a complete run of a sweep was held to, for its summary row, from its
 * expectations text (expectationsTextOf, which findRuns keeps for each completed run,
 * else read from `runDir`). A sweep's configs almost always share them, so they are built
 * once per distinct text rather than by loading every run's whole scenario again (the
 * TOML parse and the schema of 10,000 files were most of `sim sweep status` on a
 * 10,000-config sweep).
 */
export function expectationsOfRun(runs: RunStore, runDir: string, cache: ExpectationCache, expectationsText?: string): readonly Expectation[] {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  let key = expectationsText;
  if (key === undefined) {
    // A complete run's scenario.resolved.toml was just checked against its scenario_sha256 (sweepStatus), so it is there unless removed since.
    const text = runs.text(runDir, RUN_FILES.resolvedScenario);
    if (text === undefined) throw new UserError(`${file}: cannot read the run's scenario.resolved.toml (it is missing or not a regular file)`);
    key = expectationsTextOf(text);
  }
  let expectations = cache.get(key);
  if (expectations === undefined) {
    expectations = buildExpectations(parseTomlText(key, file));
    cache.set(key, expectations);
  }
  return expectations;
}
