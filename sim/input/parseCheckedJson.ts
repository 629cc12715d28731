import { UserError } from "../../src/errors.ts";
import { describeJsonError } from "../io/jsonError.ts";
import type { SchemaCheck } from "./jsonSchemaFields.ts";

/**
 * The text of one of the harness's own JSON files (a sweep's manifest, its launch record),
 * parsed and held to the file format's schema check. Text that is not JSON, or a value the
 * schema refuses, is bad input (exit 2): the message names the file, and what it is not
 * (`not a sweep manifest`) with ajv's first five problems, each at its JSON Pointer.
 */
export function parseCheckedJson<T>(file: string, text: string, check: SchemaCheck<T>, formatName: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON: ${describeJsonError(text, error).reason}`);
  }
  if (!check(value)) {
    const problems = (check.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    throw new UserError(`${file}: not ${formatName}: ${problems.slice(0, 5).join("; ")}`);
  }
  return value;
}
