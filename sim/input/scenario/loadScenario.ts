import { basename, extname } from "node:path";
import type { Scenario } from "./scenario.ts";
import { buildExpectations, buildGoldenTolerances, buildModelConfig } from "./buildScenario.ts";
import { baselineFileOf, checkScenarioRules } from "./checkScenarioRules.ts";
import { checkScenarioSchema, conformingScenario } from "./checkScenarioSchema.ts";
import { integralFloatProblems } from "./integralFloatProblems.ts";
import { type ExtendedDocument, resolveExtends } from "./resolveExtends.ts";
import { SCENARIO_DEFAULTS } from "./scenarioDefaults.ts";
import { ScenarioError } from "./scenarioError.ts";
import { scenarioWarnings } from "./scenarioWarnings.ts";
import { isTable, sortKeysDeep, type TomlTable } from "./tomlValue.ts";

/** Command-line values that replace the file's own before anything is checked. */
export interface ScenarioOverrides {
  readonly steps?: number;
  readonly seed?: number;
  readonly metricsEvery?: number;
}

/**
 * Loads one scenario file:
 *   1. parse the TOML (a parse error names file, line and column);
 *   2. resolve `extends` and merge the chain (a missing target or a cycle shows the chain);
 *   3. apply the command-line overrides (`--steps`, `--seed`, `--metrics-every`);
 *   4. check the schema, reporting every problem at once;
 *   5. apply the defaults, build the model config and expectations, and check the rules
 *      a schema cannot state (including the model's own validateModelConfig);
 *   6. note the relations between keys that run but are likely mistakes (warnings).
 * Any problem is a ScenarioError (a UserError) listing them all. A relative `file` is
 * read from `cwd` (default the process's directory) and named in messages as given, so
 * that commands run side by side in one process, each from its own directory.
 */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}, cwd?: string): Scenario {
  return scenarioFromDocument(file, resolveExtends(file, cwd), overrides, cwd);
}

/** Steps 3 to 5 of `loadScenario`, for a document the caller has already read (and may have edited). */
export function scenarioFromDocument(file: string, document: ExtendedDocument, overrides: ScenarioOverrides = {}, cwd?: string): Scenario {
  const { merged, chain, provenance } = document;

  // A [run] of the wrong type is left alone for the schema to report; a missing one is created for the overrides.
  if (merged.run === undefined && (overrides.steps !== undefined || overrides.seed !== undefined || overrides.metricsEvery !== undefined)) merged.run = {};
  const run: TomlTable = isTable(merged.run) ? merged.run : {};
  if (overrides.steps !== undefined) {
    run.steps = overrides.steps;
    provenance.assign("run.steps", "--steps");
  }
  if (overrides.seed !== undefined) {
    run.seed = overrides.seed;
    provenance.assign("run.seed", "--seed");
  }
  if (overrides.metricsEvery !== undefined) {
    run.metrics_every = overrides.metricsEvery;
    provenance.assign("run.metrics_every", "--metrics-every");
  }
  const sourceOf = (path: string) => provenance.sourceOf(path);

  const schemaProblems = [...integralFloatProblems(document.integralFloats ?? [], sourceOf), ...checkScenarioSchema(merged, sourceOf)];
  if (schemaProblems.length > 0) throw new ScenarioError(file, schemaProblems);
  // A [sweep] table describes many scenarios around this one (docs/sweeps.md); the scenario itself is the file without it.
  delete merged.sweep;
  const scenario = conformingScenario(merged);

  const model = buildModelConfig(scenario);
  const expectations = buildExpectations(merged);
  const ruleProblems = checkScenarioRules(file, scenario, model, expectations, sourceOf, cwd);
  if (ruleProblems.length > 0) throw new ScenarioError(file, ruleProblems);

  const baseline = scenario.run.baseline;
  const written = (path: string): boolean => path.split(".").reduce<unknown>((node, key) => (isTable(node) ? node[key] : undefined), merged) !== undefined;
  const warnings = scenarioWarnings(model, scenario.run.steps, sourceOf, written);
  return {
    file,
    name: scenario.run.name ?? basename(file, extname(file)),
    description: scenario.description ?? SCENARIO_DEFAULTS.description,
    steps: scenario.run.steps,
    metricsEvery: scenario.run.metrics_every ?? SCENARIO_DEFAULTS.run.metrics_every,
    ...(baseline === undefined ? {} : { baseline, baselineFile: baselineFileOf(sourceOf("run.baseline"), baseline) }),
    model,
    expectations,
    golden: buildGoldenTolerances(scenario),
    resolved: sortKeysDeep(merged) as TomlTable,
    chain,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
