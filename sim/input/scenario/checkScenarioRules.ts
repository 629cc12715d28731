import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { validateModelConfig } from "../../../src/config/validateModelConfig.ts";
import { ConfigError, describeValue } from "../../../src/errors.ts";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { emittableMetricKeys } from "./emittableMetricKeys.ts";
import { patternFieldOf } from "./expectationPattern.ts";
import { isKeyPattern, matchesKeyPattern } from "../../format/keyPattern.ts";
import { nearestKey } from "./schemaErrors.ts";
import { LIMITS, atMostLimit } from "../../limits.ts";
import { isRecordedScenarioFile } from "./recordedScenarioFile.ts";
import type { Expectation } from "./scenario.ts";
import type { SourceOf } from "./schemaErrors.ts";
import type { ScenarioDocument } from "./scenarioDocument.ts";

/**
 * Where a scenario's `run.baseline` must live: beside the scenario file that declares it,
 * as `<baseline>.toml`. The declaring file, not the file loaded, because a file that
 * extends a diagnostic from another directory (a sweep in sweeps/, say) inherits the
 * diagnostic's baseline, which lives beside the diagnostic.
 */
export function baselineFileOf(scenarioFile: string, baseline: string): string {
  return join(dirname(scenarioFile), `${baseline}.toml`);
}

/** Records a problem with a key: its path, the value found and what was expected. */
type ProblemSink = (path: string, value: unknown, expected: string) => void;

/**
 * The rules a schema cannot state: relations between keys, files that must exist, and
 * the model's own check (validateModelConfig), whose first complaint is reported with the
 * file that wrote the field. Returns every problem found, one sentence each. Relative
 * paths are looked up from `cwd` (default the process's directory).
 */
export function checkScenarioRules(file: string, scenario: ScenarioDocument, model: ModelConfig, expectations: readonly Expectation[], sourceOf: SourceOf, cwd?: string): string[] {
  const pathOf = (path: string): string => (cwd === undefined ? resolve(path) : resolve(cwd, path));
  const problems: string[] = [];
  const problem: ProblemSink = (path, value, expected) => void problems.push(`${sourceOf(path)}: ${path} = ${describeValue(value)}: ${expected}`);

  const steps = scenario.run.steps;

  if (model.resume !== undefined && model.resume.at_step > steps) {
    problem("resume.at_step", model.resume.at_step, `expected a step <= run.steps = ${steps}: the run would end before the resume`);
  }

  checkRunSize(model, steps, problem);

  checkBaseline(file, scenario.run.baseline, sourceOf, pathOf, problem);
  checkExpectations(model, expectations, steps, sourceOf, problem);

  try {
    validateModelConfig(model);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`${sourceOf(error.field)}: ${error.message}`);
  }
  return problems;
}

/**
 * `run.baseline` names an existing scenario file beside this one, and not this file
 * itself; in a run directory's record of the scenario it is a record only (isRecordedScenarioFile).
 */
function checkBaseline(file: string, baseline: string | undefined, sourceOf: SourceOf, pathOf: (path: string) => string, problem: ProblemSink): void {
  if (baseline === undefined) return;
  const declaring = sourceOf("run.baseline");
  const baselineFile = baselineFileOf(declaring, baseline);
  if (!existsSync(pathOf(baselineFile))) {
    if (isRecordedScenarioFile(pathOf(declaring))) return;
    problem("run.baseline", baseline, `expected the name of a scenario file beside this one; looked for ${baselineFile}, which does not exist`);
  } else if (pathOf(baselineFile) === pathOf(file)) {
    problem("run.baseline", baseline, "a scenario cannot be its own baseline: name the healthy scenario this diagnostic is held against");
  }
}

/** Every expectation: a window within the run, keys the model emits (the catalog's), a pattern with its combine, a name of its own. */
function checkExpectations(model: ModelConfig, expectations: readonly Expectation[], steps: number, sourceOf: SourceOf, problem: ProblemSink): void {
  const keys = emittableMetricKeys(model.dataset);
  // A window past a shortened run (`sim run --steps 5`) is not the file's mistake.
  const stepsOverridden = sourceOf("run.steps").startsWith("--");
  const names = new Map<string, number>();
  expectations.forEach((expectation, i) => {
    const at = `expect[${i}]`;
    if (expectation.steps !== undefined && expectation.steps[0] > expectation.steps[1]) {
      problem(`${at}.steps`, expectation.steps, "expected a window [first, last] with 1 <= first <= last");
    }
    for (const field of ["metric", "minus"] as const) checkExpectationKey(expectation[field], `${at}.${field}`, keys, problem);
    if (expectation.steps !== undefined && !stepsOverridden && expectation.steps[1] > steps) {
      problem(`${at}.steps`, expectation.steps, `expected a window within the run's steps 1..${steps} (run.steps); the run ends before step ${expectation.steps[1]}`);
    }
    const patternField = patternFieldOf(expectation);
    if (patternField !== undefined && expectation.combine === undefined) {
      problem(`${at}.${patternField}`, expectation[patternField], 'a pattern with * matches several keys: add combine = "sum" | "max" | "min" | "spread" to fold them per step');
    } else if (patternField === undefined && expectation.combine !== undefined) {
      problem(
        `${at}.combine`,
        expectation.combine,
        `combine folds the keys a pattern matches, and ${at}.metric = ${JSON.stringify(expectation.metric)} has no *: remove combine or use a pattern`,
      );
    }
    const earlier = names.get(expectation.name);
    if (earlier !== undefined) {
      problem(`${at}.name`, expectation.name, `expected a name not used by another expectation; expect[${earlier}] has it`);
    } else {
      names.set(expectation.name, i);
    }
  });
}

/** A key (or pattern) an expectation names must be, or match, a key the model emits; the nearest is suggested. */
function checkExpectationKey(key: string | undefined, path: string, keys: readonly string[], problem: ProblemSink): void {
  if (key === undefined) return;
  const matched = isKeyPattern(key) ? keys.some((known) => matchesKeyPattern(key, known)) : keys.includes(key);
  if (matched) return;
  const nearest = isKeyPattern(key) ? undefined : nearestKey(key, keys);
  problem(
    path,
    key,
    nearest !== undefined
      ? `not a metric the model emits; did you mean ${JSON.stringify(nearest)}?`
      : `${isKeyPattern(key) ? "the pattern matches no metric the model emits" : "not a metric the model emits"}; the keys are ${keys.join(", ")}`,
  );
}

/**
 * The limits on a whole run that no single key states (sim/limits.ts): streams summed
 * over groups, readers (ranks x streams) and batches drawn (steps x ranks x batches).
 */
function checkRunSize(model: ModelConfig, steps: number, problem: ProblemSink): void {
  const streamsPath = model.dataset.layout === "nested" ? "dataset.groups" : "dataset.streams";
  const streams = model.dataset.layout === "nested" ? (model.dataset.groups ?? []).reduce((sum, group) => sum + group.streams, 0) : (model.dataset.streams ?? []).length;
  if (streams > LIMITS.streams) {
    problem(streamsPath, streams, `that many streams are declared in all; expected ${atMostLimit("streams")}`);
    return;
  }
  const worldSize = Math.max(model.world_size, model.resume?.world_size ?? 0);
  if (worldSize * streams > LIMITS.readers) {
    problem("run.world_size", worldSize, `with ${streams} streams this makes ${worldSize * streams} readers; expected ${atMostLimit("readers")}`);
  }
  const batches = steps * worldSize * model.batches_per_step;
  if (batches > LIMITS.batchesPerRun) {
    problem("run.steps", steps, `steps x world_size x batches_per_step = ${batches} batches; expected ${atMostLimit("batchesPerRun")}`);
  }
}
