import { assert } from "../../../src/errors.ts";
import { canonicalJson } from "../run/scenarioHash.ts";
import { KeyProvenance } from "../../input/scenario/keyProvenance.ts";
import { scenarioFromDocument } from "../../input/scenario/loadScenario.ts";
import { parseTomlText } from "../../input/scenario/readTomlFile.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { formatSwarmCaseToml, type SwarmCase } from "./swarmCase.ts";

/**
 * Loads a case the way `sim run` loads a file: its TOML text through the parser and the
 * real scenario loader (schema, defaults, rules, validateModelConfig). A case the loader
 * refuses throws its UserError; the shrinker relies on that to skip invalid candidates.
 */
export function scenarioOfCase(swarmCase: SwarmCase): Scenario {
  const file = `${swarmCase.name}.toml`;
  const merged = parseTomlText(formatSwarmCaseToml(swarmCase), file);
  return scenarioFromDocument(file, { merged, chain: [file], provenance: new KeyProvenance(file) });
}

/**
 * The same, for a case the swarm derived itself: the loader must accept it and give back
 * the very model the case holds. Anything else is a bug in the derivation or the loader.
 */
export function scenarioOfDerivedCase(swarmCase: SwarmCase): Scenario {
  const scenario = scenarioOfCase(swarmCase);
  assert(canonicalJson(scenario.model) === canonicalJson(swarmCase.model), () => `the scenario loader gave back another model for swarm case ${swarmCase.name}`);
  return scenario;
}
