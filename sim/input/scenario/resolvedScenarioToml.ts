import TOML from "@iarna/toml";
import type { Scenario } from "./scenario.ts";

/** The scenario as run, as TOML text: what a run directory records in scenario.resolved.toml. */
export function resolvedScenarioToml(scenario: Pick<Scenario, "resolved">): string {
  return TOML.stringify(scenario.resolved as TOML.JsonMap);
}
