import type { SchemaError } from "./scenario/schemaErrors.ts";

/**
 * A compiled check of one file format's JSON: ajv's ValidateFunction<T> for a schema held
 * to T by JSONSchemaType<T>, typed by the parts the harness uses, so that a value that
 * passes is a T without a cast, and so that the published declarations name no ajv type
 * (ajv is bundled into the package, not installed beside it).
 */
export interface SchemaCheck<T> {
  (data: unknown): data is T;
  readonly errors?: readonly SchemaError[] | null;
}

/**
 * The schema of a field its type marks optional (`field?: T`). ajv's JSONSchemaType asks
 * `nullable: true` of every such field, reading "may be left out" as "may be null"; our
 * files leave such a field out and never write null, so `not: null` refuses a written
 * null again, and the message then says what the field expects ("metrics_every = null:
 * expected an integer >= 1").
 */
export function optionalField<const S extends object>(schema: S): S & { readonly nullable: true; readonly not: { readonly type: "null" } } {
  return { ...schema, nullable: true, not: { type: "null" } };
}

/** The schema of a field that is `null` or `schema`'s value (`T | null`), as JSONSchemaType spells the null branch. */
export function nullOr<const S extends object>(schema: S) {
  return { anyOf: [{ type: "null", nullable: true }, schema] } as const;
}

/** The header properties the harness's own JSON files share: the format's name and version, and the harness that wrote the file. */
export function harnessFileHeader<const F extends string, const V extends number>(format: F, version: V) {
  return { format: { type: "string", const: format }, format_version: { type: "integer", const: version }, harness_version: { type: "string" } } as const;
}
