import { distance } from "fastest-levenshtein";
import { describeValue } from "../../../src/errors.ts";
import { atMostLimit, limitOfComment } from "../../limits.ts";
import { isTable, joinPath, kindOf } from "./tomlValue.ts";

/**
 * One error of a schema check, as humanizeSchemaErrors reads it: the fields of ajv's
 * ErrorObject (from a validator compiled with `verbose`, which adds `parentSchema` and
 * `data`) that it uses, and ajv's errors are passed as they are. Declared here rather
 * than imported from ajv because this module's declarations ship with the package, and
 * ajv is bundled into the package, not installed beside it: a consumer who type-checks
 * the package's declarations (skipLibCheck false) has no ajv to resolve.
 */
export interface SchemaError {
  readonly keyword: string;
  /** JSON Pointer of the value that failed (`/dataset/groups/1/bs`). */
  readonly instancePath: string;
  /** JSON Pointer of the schema keyword that failed (`#/properties/dataset/...`). */
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** ajv's own short phrase ("must be integer"), for the files whose messages quote it. */
  readonly message?: string;
  readonly parentSchema?: object;
  readonly data?: unknown;
}

/**
 * A compiled schema check as the harness calls it: ajv's ValidateFunction, which returns
 * whether `data` passes and leaves its errors in `errors`, typed by the parts used, for
 * the same reason as SchemaError.
 */
export interface SchemaValidator {
  (data: unknown): boolean;
  readonly errors?: readonly SchemaError[] | null;
}

/** Where a key came from: the file of the extends chain (or the option) that wrote it. */
export type SourceOf = (dottedPath: string) => string;

interface SchemaNode {
  readonly type?: string;
  readonly expected?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly minItems?: number;
  readonly $comment?: string;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/**
 * Which annotation of a schema node holds the phrase for what it accepts: the scenario
 * schema keeps `description` for what a key means (editors show it) and its phrases in
 * `expected` (scenarioSchema.ts); the harness's other schemas phrase in `description`.
 */
export type PhraseKeyword = "description" | "expected";

/** Clauses a caller adds to two kinds of message, where the schema alone cannot say what went wrong. */
export interface SchemaHints {
  /** For an unknown key in the table at `tablePath` (dotted, with indices). */
  readonly unknownKey?: (key: string, tablePath: string) => string | undefined;
  /** For a value of the wrong type at `path`. */
  readonly wrongType?: (path: string, value: unknown) => string | undefined;
}

export interface HumanizeOptions {
  readonly phraseKeyword?: PhraseKeyword;
  readonly hints?: SchemaHints;
}

/**
 * Turns ajv's errors (run with allErrors and verbose) into one sentence each, in the
 * manner of StrykerJS's validation-errors.ts: the anyOf machinery is folded into a
 * single "expected A or B" (or into the errors of the branch whose type the value has),
 * and every sentence names the file that wrote the key, its dotted path, what was
 * expected and what was given. An unknown key gets the nearest valid key when one is close.
 */
export function humanizeSchemaErrors(errors: readonly SchemaError[], root: unknown, sourceOf: SourceOf, options: HumanizeOptions = {}): string[] {
  const lines: string[] = [];
  for (const error of dropTypeBesideValueList(dropAnyOfNoise(errors))) {
    const line = describeError(error, root, sourceOf, options.phraseKeyword ?? "description", options.hints ?? {});
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

/**
 * humanizeSchemaErrors for one of the harness's own JSON records (a run's manifest, a
 * snapshot file, a trace line), which no scenario file wrote: each sentence without the
 * file's name in front, which the caller's message gives once.
 */
export function recordSchemaProblems(errors: readonly SchemaError[] | null | undefined, record: unknown): string[] {
  return humanizeSchemaErrors(errors ?? [], record, () => "").map((line) => line.replace(/^: /, ""));
}

/**
 * For each anyOf, keep the errors of the branch whose type matches the value (so that
 * `cells = [5, -1]` reports the -1), or else one error for the anyOf itself that states
 * every accepted form from its phrase.
 */
function dropAnyOfNoise(errors: readonly SchemaError[]): SchemaError[] {
  const anyOfs = errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf");
  const dropped = new Set<SchemaError>();
  for (const anyOf of anyOfs) {
    // The schema path alone is shared by every array item, so the instance path must match too.
    const branchErrors = errors.filter(
      (error) => error.schemaPath.startsWith(`${anyOf.schemaPath}/`) && (error.instancePath === anyOf.instancePath || error.instancePath.startsWith(`${anyOf.instancePath}/`)),
    );
    const branches = new Map<string, SchemaError[]>();
    for (const error of branchErrors) {
      const branch = error.schemaPath.slice(anyOf.schemaPath.length + 1).split("/")[0] ?? "";
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const typeMatched = [...branches.values()].find((list) => !list.some((error) => error.keyword === "type" && error.instancePath === anyOf.instancePath));
    for (const error of branchErrors) if (typeMatched === undefined || !typeMatched.includes(error)) dropped.add(error);
    if (typeMatched !== undefined) dropped.add(anyOf);
  }
  return errors.filter((error) => !dropped.has(error));
}

/**
 * A value that fails both the type and the enum (or const) of one schema node is reported
 * once, as not one of the listed values: `mode = 5: expected one of "lru", "stale"`, not
 * also "mode has the wrong type". (A schema held to its type by JSONSchemaType states the
 * type beside every enum.)
 */
function dropTypeBesideValueList(errors: readonly SchemaError[]): SchemaError[] {
  const nodeOf = (error: SchemaError) => `${error.instancePath} ${error.schemaPath.slice(0, error.schemaPath.lastIndexOf("/"))}`;
  const listed = new Set(errors.filter((error) => error.keyword === "enum" || error.keyword === "const").map(nodeOf));
  return errors.filter((error) => error.keyword !== "type" || !listed.has(nodeOf(error)));
}

function describeError(error: SchemaError, root: unknown, sourceOf: SourceOf, phraseKeyword: PhraseKeyword, hints: SchemaHints): string {
  const phrase = (node: SchemaNode) => expectedPhrase(node, phraseKeyword);
  const path = dottedPath(error.instancePath, root);
  const shown = path === "" ? "the top level" : path;
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  // describeValue already says "(a date)" for a date; the kind is added only where it is not.
  const described = describeValue(error.data);
  const kind = `(${kindOf(error.data)})`;
  const given = described.endsWith(kind) ? described : `${described} ${kind}`;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const keyPath = joinPath(path, key);
      const known = Object.keys(schema.properties ?? {});
      const nearest = nearestKey(key, known);
      const elsewhere = hints.unknownKey?.(key, path);
      const hint =
        nearest !== undefined
          ? `; did you mean ${joinPath(path, nearest)}?${elsewhere === undefined ? "" : ` Or ${elsewhere}`}`
          : elsewhere !== undefined
            ? `; ${elsewhere}`
            : `; the keys allowed ${path === "" ? "at the top level" : `in ${path}`} are ${known.join(", ")}`;
      return `${sourceOf(keyPath)}: unknown key ${keyPath}${hint}`;
    }
    case "required": {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      const keyPath = joinPath(path, key);
      const wanted = schema.properties?.[key];
      return `${sourceOf(path)}: ${keyPath} is missing: expected ${wanted === undefined ? "a value" : phrase(wanted)}`;
    }
    case "type": {
      const hint = hints.wrongType?.(path, error.data);
      return `${sourceOf(path)}: ${shown} has the wrong type: expected ${phrase(schema)}, but got ${given}${hint === undefined ? "" : `; ${hint}`}`;
    }
    case "enum": {
      const nearest = typeof error.data === "string" ? nearestKey(error.data, (schema.enum ?? []).map(String)) : undefined;
      const hint = nearest === undefined ? "" : `; did you mean ${JSON.stringify(nearest)}?`;
      return `${sourceOf(path)}: ${shown} = ${describeValue(error.data)}: expected ${phrase(schema)}${hint}`;
    }
    case "maximum": {
      const limit = limitOfComment(schema.$comment);
      if (limit !== undefined) return `${sourceOf(path)}: ${shown} = ${describeValue(error.data)}: expected ${atMostLimit(limit)}`;
      return `${sourceOf(path)}: ${shown} = ${describeValue(error.data)}: expected ${phrase(schema)}`;
    }
    default:
      return `${sourceOf(path)}: ${shown} = ${describeValue(error.data)}: expected ${phrase(schema)}`;
  }
}

/** What a schema node accepts, as a noun phrase: "an integer >= 1", 'one of "a", "b"'. */
export function expectedPhrase(schema: SchemaNode, phraseKeyword: PhraseKeyword = "description"): string {
  const own = schema[phraseKeyword];
  if (own !== undefined) return own;
  if (schema.enum !== undefined) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  const bounds: string[] = [];
  if (schema.minimum !== undefined) bounds.push(`>= ${schema.minimum}`);
  // A harness limit is named only when a value passes it (the "maximum" case above).
  if (schema.maximum !== undefined && limitOfComment(schema.$comment) === undefined) bounds.push(`<= ${schema.maximum}`);
  if (schema.type === "array" && schema.minItems !== undefined && schema.minItems === schema.maxItems) return `an array of ${schema.minItems} items`;
  const noun =
    { integer: "an integer", number: "a number", string: "a string", boolean: "a boolean (true or false)", array: "an array", object: "a table" }[schema.type ?? ""] ?? "a value";
  if (schema.type === "string" && schema.minLength !== undefined && schema.minLength > 0) return "a non-empty string";
  return bounds.length === 0 ? noun : `${noun} ${bounds.join(" and ")}`;
}

/** The closest known key, when it is close enough to be a likely typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(key.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** `/dataset/groups/1/bs` -> `dataset.groups[1].bs`, using the data to tell array indices from keys. */
function dottedPath(pointer: string, root: unknown): string {
  if (pointer === "") return "";
  let path = "";
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(segment);
      path = joinPath(path, index);
      node = node[index];
    } else {
      path = joinPath(path, segment);
      node = isTable(node) ? node[segment] : undefined;
    }
  }
  return path;
}
