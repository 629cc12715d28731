import { assert } from "../../../src/errors.ts";
import type { SchemaCheck } from "../jsonSchemaFields.ts";
import * as checks from "../schemaChecks.generated.ts";
import type { ScenarioDocument } from "./scenarioDocument.ts";
import { EXPECTED_KEYWORD } from "./scenarioSchema.ts";
import { humanizeSchemaErrors, type SchemaHints, type SourceOf } from "./schemaErrors.ts";
import { arrayOfTablesHint, otherTableHint } from "./structureHints.ts";
import { isTable, type TomlTable } from "./tomlValue.ts";

/** The scenario schema's check (scenarioSchema.ts), compiled ahead of time (tools/schemaChecks/formatSchemas.ts). */
const validate: SchemaCheck<ScenarioDocument> = checks.scenario;

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

/** The merged scenario as its schema's type, once checkScenarioSchema has found no problem in it (asserted), for the builders to read without a cast. */
export function conformingScenario(merged: TomlTable): ScenarioDocument {
  assert(validate(merged), "a scenario that passed its schema check passes it again");
  return merged;
}
