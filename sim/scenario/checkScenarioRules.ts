import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { validateModelConfig } from "../../src/config/validateModelConfig.ts";
import { ConfigError, describeValue } from "../../src/errors.ts";
import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { patternFieldOf } from "../expect/expectationPattern.ts";
import type { Expectation } from "./scenario.ts";
import type { SourceOf } from "./schemaErrors.ts";
import type { TomlTable } from "./tomlValue.ts";

/**
 * Where a scenario's `run.baseline` must live: beside the scenario file that declares it,
 * as `<baseline>.toml`. The declaring file, not the file loaded, because a file that
 * extends a diagnostic from another directory (a sweep in sweeps/, say) inherits the
 * diagnostic's baseline, which lives beside the diagnostic.
 */
export function baselineFileOf(scenarioFile: string, baseline: string): string {
  return join(dirname(scenarioFile), `${baseline}.toml`);
}

/**
 * The rules a schema cannot state: relations between keys, files that must exist, and
 * the model's own check (validateModelConfig), whose first complaint is reported with the
 * file that wrote the field. Returns every problem found, one sentence each. Relative
 * paths are looked up from `cwd` (default the process's directory).
 */
export function checkScenarioRules(
  file: string,
  merged: TomlTable,
  model: ModelConfig,
  expectations: readonly Expectation[],
  sourceOf: SourceOf,
  cwd?: string,
): string[] {
  const pathOf = (path: string): string => (cwd === undefined ? resolve(path) : resolve(cwd, path));
  const problems: string[] = [];
  const problem = (path: string, value: unknown, expected: string) =>
    problems.push(`${sourceOf(path)}: ${path} = ${describeValue(value)}: ${expected}`);

  const run = (merged.run ?? {}) as Record<string, unknown>;
  const steps = run.steps as number;

  if (model.resume !== undefined && model.resume.at_step > steps) {
    problem("resume.at_step", model.resume.at_step, `expected a step <= run.steps = ${steps}: the run would end before the resume`);
  }

  const baseline = run.baseline as string | undefined;
  if (baseline !== undefined) {
    const baselineFile = baselineFileOf(sourceOf("run.baseline"), baseline);
    if (!existsSync(pathOf(baselineFile))) {
      problem("run.baseline", baseline, `expected the name of a scenario file beside this one; looked for ${baselineFile}, which does not exist`);
    } else if (pathOf(baselineFile) === pathOf(file)) {
      problem("run.baseline", baseline, "a scenario cannot be its own baseline: name the healthy scenario this diagnostic is held against");
    }
  }

  const names = new Map<string, number>();
  expectations.forEach((expectation, i) => {
    const at = `expect[${i}]`;
    if (expectation.steps !== undefined && expectation.steps[0] > expectation.steps[1]) {
      problem(`${at}.steps`, expectation.steps, "expected a window [first, last] with 1 <= first <= last");
    }
    const patternField = patternFieldOf(expectation);
    if (patternField !== undefined && expectation.combine === undefined) {
      problem(`${at}.${patternField}`, expectation[patternField], 'a pattern with * matches several keys: add combine = "sum" | "max" | "min" | "spread" to fold them per step');
    } else if (patternField === undefined && expectation.combine !== undefined) {
      problem(`${at}.combine`, expectation.combine, `combine folds the keys a pattern matches, and ${at}.metric = ${JSON.stringify(expectation.metric)} has no *: remove combine or use a pattern`);
    }
    const earlier = names.get(expectation.name);
    if (earlier !== undefined) {
      problem(`${at}.name`, expectation.name, `expected a name not used by another expectation; expect[${earlier}] has it`);
    } else {
      names.set(expectation.name, i);
    }
  });

  try {
    validateModelConfig(model);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`${sourceOf(error.field)}: ${error.message}`);
  }
  return problems;
}
