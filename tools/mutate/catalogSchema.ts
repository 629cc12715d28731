/**
 * The JSON schema of mutants/catalog.toml. ajv checks the shape; the loader then
 * checks what a schema cannot see (files exist, `find` occurs exactly once, a killer
 * names exactly one test or scenario).
 */
export const MUTANT_FIELDS = ["id", "description", "file", "find", "replace", "killed_by"] as const;
export const KILLER_FIELDS = ["test", "name", "scenario"] as const;

export const catalogSchema = {
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
                test: { type: "string", minLength: 1 },
                name: { type: "string", minLength: 1 },
                scenario: { type: "string", minLength: 1 },
              },
            },
          },
        },
      },
    },
  },
} as const;
