import type { ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { UserError } from "../../src/errors.ts";
import { describeValue } from "../../src/errors.ts";
import { KILLER_FIELDS, MUTANT_FIELDS } from "./catalogSchema.ts";

/** A bad catalog: every problem at once, each naming its entry; exit 2. */
export class CatalogError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: the mutant catalog has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CatalogError";
  }
}

/**
 * How a problem names its entry: the 1-based position among the `[[mutant]]` tables and
 * the id when it has one, so that both a reader of the file and a reader of the table
 * can find it.
 */
export function entryName(index: number, entry: unknown): string {
  const id = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === "string" ? `[[mutant]] #${index + 1} (id "${id}")` : `[[mutant]] #${index + 1} (no id)`;
}

/**
 * Turns ajv's errors into sentences that name the entry and the field, StrykerJS style:
 * "is missing the field", "has the wrong type", "has an unknown field ... (did you mean
 * ...?)". `document` is the parsed catalog, to name entries by id.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], document: unknown): string[] {
  const mutants = (document as { mutant?: unknown }).mutant;
  const problems: string[] = [];
  for (const error of errors) {
    const segments = error.instancePath.split("/").slice(1);
    let where = "the catalog";
    let field = "";
    if (segments[0] === "mutant" && segments.length >= 2) {
      const index = Number(segments[1]);
      where = entryName(index, Array.isArray(mutants) ? mutants[index] : undefined);
      field = segments
        .slice(2)
        .map((s) => (/^\d+$/.test(s) ? `[${Number(s) + 1}]` : s))
        .join(".")
        .replace(/\.\[/g, "[");
    } else if (segments.length > 0) {
      field = segments.join(".");
    }
    problems.push(`${where}: ${describeOne(error, field, segments)}`);
  }
  return problems;
}

function describeOne(error: ErrorObject, field: string, segments: readonly string[]): string {
  const subject = field === "" ? "" : `field "${field}" `;
  const inKiller = segments[2] === "killed_by" && segments.length >= 4;
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      if (segments.length === 0) return `no [[mutant]] tables: the catalog lists its mutants as [[mutant]] tables`;
      return `${field === "" ? "" : `${field} `}is missing the field "${missing}"`;
    }
    case "additionalProperties": {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known: readonly string[] = inKiller ? KILLER_FIELDS : segments.length >= 2 ? MUTANT_FIELDS : ["mutant"];
      return `${field === "" ? "" : `${field} `}has an unknown field "${extra}"${suggest(extra, known)}; known fields: ${known.join(", ")}`;
    }
    case "type":
      return `${subject}has the wrong type: it should be ${article((error.params as { type: string }).type)}, but was ${describeType(error.data)}`;
    case "minItems":
      return field.endsWith("killed_by") ? `${subject}is empty: name at least one test or scenario that must fail under this mutant` : `${subject}is empty`;
    case "minLength":
      return `${subject}is empty`;
    case "pattern":
      return `${subject}is ${describeValue(error.data)}: an id is lowercase letters, digits and hyphens (like "ledger-lru-record-dropped")`;
    default:
      return `${subject}${error.message ?? "is invalid"}`;
  }
}

function suggest(word: string, known: readonly string[]): string {
  const best = closest(word, [...known]);
  return distance(word, best) <= 2 ? ` (did you mean "${best}"?)` : "";
}

function article(type: string): string {
  return type === "array" || type === "object" || type === "integer" ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "a table";
  return `${article(typeof value)} (${describeValue(value)})`;
}
