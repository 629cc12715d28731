import { Ajv } from "ajv";
import { scenarioSchema } from "./scenarioSchema.ts";
import { humanizeSchemaErrors, type SourceOf } from "./schemaErrors.ts";
import type { TomlTable } from "./tomlValue.ts";

/** Compiled once per process: every scenario is checked against the same schema. */
const validate = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false }).compile(scenarioSchema);

/** The schema problems of a merged scenario, one sentence each; empty when it conforms. */
export function checkScenarioSchema(merged: TomlTable, sourceOf: SourceOf): string[] {
  if (validate(merged)) return [];
  return humanizeSchemaErrors(validate.errors ?? [], merged, sourceOf);
}
