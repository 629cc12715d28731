import { Ajv } from "ajv";
import { DEFAULT_TEXT_KEYWORD, EXPECTED_KEYWORD, scenarioSchema } from "./scenarioSchema.ts";
import { humanizeSchemaErrors, type SourceOf } from "./schemaErrors.ts";
import type { TomlTable } from "./tomlValue.ts";

/**
 * Compiled once per process: every scenario is checked against the same schema. The
 * `expected` and `defaultText` keywords only carry words (scenarioSchema.ts), so they
 * are declared to strict ajv as annotations that check nothing.
 */
const validate = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false }).addKeyword(EXPECTED_KEYWORD)
  .addKeyword(DEFAULT_TEXT_KEYWORD)
  .compile(scenarioSchema);

/** The schema problems of a merged scenario, one sentence each; empty when it conforms. */
export function checkScenarioSchema(merged: TomlTable, sourceOf: SourceOf): string[] {
  if (validate(merged)) return [];
  return humanizeSchemaErrors(validate.errors ?? [], merged, sourceOf, EXPECTED_KEYWORD);
}
