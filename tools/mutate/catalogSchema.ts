import type { JSONSchemaType } from "ajv";
import { optionalField } from "../../sim/input/jsonSchemaFields.ts";

/**
 * The JSON schema of mutants/catalog.toml, held to RawCatalog by ajv's JSONSchemaType,
 * so that tsc refuses a schema and a type that disagree. ajv checks the shape; the loader then
 * checks what a schema cannot see (files exist, `find` occurs exactly once, a killer
 * names exactly one test or scenario).
 */
export const MUTANT_FIELDS = ["id", "description", "file", "find", "replace", "killed_by"] as const;
export const KILLER_FIELDS = ["test", "name", "scenario"] as const;

/** A killer as the catalog writes it: which of its fields make one is the loader's check. */
export interface RawKiller {
  readonly test?: string;
  readonly name?: string;
  readonly scenario?: string;
}

/** A `[[mutant]]` table as the catalog writes it. */
export interface RawMutant {
  readonly id: string;
  readonly description: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly killed_by: readonly RawKiller[];
}

/** mutants/catalog.toml as parsed: its `[[mutant]]` tables. */
export interface RawCatalog {
  readonly mutant: readonly RawMutant[];
}

export const catalogSchema: JSONSchemaType<RawCatalog> = {
  type: "object",
  required: ["mutant"],
  additionalProperties: false,
  properties: {
    mutant: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: [...MUTANT_FIELDS],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
          description: { type: "string", minLength: 1 },
          file: { type: "string", minLength: 1 },
          find: { type: "string", minLength: 1 },
          replace: { type: "string" },
          killed_by: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              additionalProperties: false,
              properties: {
                test: optionalField({ type: "string", minLength: 1 }),
                name: optionalField({ type: "string", minLength: 1 }),
                scenario: optionalField({ type: "string", minLength: 1 }),
              },
            },
          },
        },
      },
    },
  },
};
