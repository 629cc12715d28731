import { sweepTableSchema } from "./sweepTableSchema.ts";
import { DEFAULT_TEXT_KEYWORD, EXPECTED_KEYWORD, scenarioSchema } from "./scenarioSchema.ts";

/**
 * The JSON Schemas published for editors (schema/scenario.schema.json and
 * schema/sweep.schema.json, read by the taplo language server through a file's
 * `#:schema` directive), generated from the loader's scenarioSchema so that an editor
 * flags what `sim validate` refuses. `npm run schema` writes them; a test holds the
 * committed files equal to what this module generates.
 *
 * The loader checks the merged document; an editor sees one file. So the published
 * schema differs in three ways, each stated here:
 * - it declares `extends`, which the merge consumes;
 * - a table's required keys are required only in a file without `extends` (a child
 *   may leave them to its parent; arrays of tables replace the parent's whole, so
 *   their entries keep their required keys);
 * - it leaves out our own annotations (`expected` phrases and `$comment` limit names;
 *   editors show `description` and `default`) and the `nullable: true, not: null` pair
 *   that ajv's JSONSchemaType asks of an optional key (optionalField), which says
 *   nothing of a TOML file, where no value is null; and it states the [sweep] table's shape.
 */

/** Where the published schemas live in the repository and the package. */
export const SCHEMA_DIRECTORY = "schema";
export const SCENARIO_SCHEMA_FILE = "scenario.schema.json";
export const SWEEP_SCHEMA_FILE = "sweep.schema.json";

/** The `extends` key: read before the merge, so only the published schema declares it. */
export const extendsKey = {
  type: "string",
  minLength: 1,
  description: "the file this one is merged over, relative to this file: tables merge key by key, arrays and values replace the parent's",
} as const;

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A deep copy in standard JSON Schema: our `expected` phrases and the limit names in
 * `$comment` left out (`maximum` states the limit), so is an optional key's
 * `nullable: true, not: null` (`nullable` is no JSON Schema keyword), and a
 * `defaultText` folded into the description, where an editor shows it.
 */
function withoutOwnKeywords(node: unknown): JsonValue {
  if (Array.isArray(node)) return node.map(withoutOwnKeywords);
  if (!isObject(node)) return node as JsonValue;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === EXPECTED_KEYWORD || key === DEFAULT_TEXT_KEYWORD || key === "$comment" || key === "nullable") continue;
    if (key === "not" && isObject(value) && value.type === "null") continue;
    if (key === "description" && typeof node[DEFAULT_TEXT_KEYWORD] === "string") {
      out.description = `${String(value)}; default ${String(node[DEFAULT_TEXT_KEYWORD])}`;
      continue;
    }
    // Under `properties` every key is a scenario key, whatever its name.
    out[key] =
      key === "properties" && isObject(value) ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, withoutOwnKeywords(child)])) : withoutOwnKeywords(value);
  }
  return out;
}

/**
 * Moves the `required` lists of the root and of the tables under it (not of array
 * entries) into one condition: required when the file has no `extends`.
 */
function requiredUnlessExtends(root: JsonObject): JsonObject {
  const properties = root.properties as JsonObject;
  const thenProperties: JsonObject = {};
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child) || child.type !== "object" || child.required === undefined) continue;
    thenProperties[key] = { required: child.required };
    delete child.required;
  }
  const required = root.required;
  delete root.required;
  return {
    ...root,
    allOf: [{ if: { not: { required: ["extends"] } }, then: { required: required ?? [], properties: thenProperties } }],
  };
}

function published(title: string, description: string, sweep: JsonValue, requireSweep: boolean): JsonObject {
  const body = withoutOwnKeywords(scenarioSchema) as JsonObject;
  const properties = body.properties as JsonObject;
  const conditional = requiredUnlessExtends({ ...body, properties: { extends: withoutOwnKeywords(extendsKey), ...properties, sweep } });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    description,
    ...conditional,
    ...(requireSweep ? { required: ["sweep"] } : {}),
  };
}

/** schema/scenario.schema.json: a scenario file, whose [sweep] table (if any) only `sim sweep` reads. */
export function publishedScenarioSchema(): JsonObject {
  return published(
    "stream-mixing-sim scenario",
    "A scenario file of stream-mixing-sim (docs/scenario-format.md): what to simulate, what the run must show, and how exactly its golden file must match.",
    withoutOwnKeywords(sweepTableSchema),
    false,
  );
}

/** schema/sweep.schema.json: a sweep file, a scenario file with a [sweep] table. */
export function publishedSweepSchema(): JsonObject {
  return published(
    "stream-mixing-sim sweep",
    "A sweep file of stream-mixing-sim (docs/sweeps.md): a scenario file whose [sweep] table names the seeds and keys to vary.",
    withoutOwnKeywords(sweepTableSchema),
    true,
  );
}

/** The text of each published schema file, by file name: two-space JSON with a final newline. */
export function publishedSchemaFiles(): ReadonlyMap<string, string> {
  return new Map([
    [SCENARIO_SCHEMA_FILE, `${JSON.stringify(publishedScenarioSchema(), null, 2)}\n`],
    [SWEEP_SCHEMA_FILE, `${JSON.stringify(publishedSweepSchema(), null, 2)}\n`],
  ]);
}
