import { Ajv } from "ajv";
import { DEFAULT_TEXT_KEYWORD, EXPECTED_KEYWORD, scenarioSchema } from "./scenarioSchema.ts";
import { humanizeSchemaErrors, type SchemaHints, type SourceOf } from "./schemaErrors.ts";
import { arrayOfTablesHint, otherTableHint } from "./structureHints.ts";
import { isTable, type TomlTable } from "./tomlValue.ts";

/**
 * Compiled once per process: every scenario is checked against the same schema. The
 * `expected` and `defaultText` keywords only carry words (scenarioSchema.ts), so they
 * are declared to strict ajv as annotations that check nothing.
 */
const validate = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false })
  .addKeyword(EXPECTED_KEYWORD)
  .addKeyword(DEFAULT_TEXT_KEYWORD)
  .compile(scenarioSchema);

/** A key in the wrong table names the table it belongs to; a single table where entries belong names the double brackets. */
const STRUCTURE_HINTS: SchemaHints = {
  unknownKey: otherTableHint,
  wrongType: (path, value) => (isTable(value) ? arrayOfTablesHint(path) : undefined),
};

/** The schema problems of a merged scenario, one sentence each; empty when it conforms. */
export function checkScenarioSchema(merged: TomlTable, sourceOf: SourceOf): string[] {
  if (validate(merged)) return [];
  return humanizeSchemaErrors(validate.errors ?? [], merged, sourceOf, { phraseKeyword: EXPECTED_KEYWORD, hints: STRUCTURE_HINTS });
}
