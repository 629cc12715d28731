import type { SchemaCheck } from "../jsonSchemaFields.ts";
import * as checks from "../schemaChecks.generated.ts";
import { EXPECTED_KEYWORD } from "./scenarioSchema.ts";
import { humanizeSchemaErrors, type SchemaHints, type SourceOf } from "./schemaErrors.ts";
import { arrayOfTablesHint, otherTableHint } from "./structureHints.ts";
import { isTable, type TomlTable } from "./tomlValue.ts";

/** The scenario schema's check (scenarioSchema.ts), compiled ahead of time (tools/schemaChecks/formatSchemas.ts). */
const validate: SchemaCheck<TomlTable> = checks.scenario;

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
