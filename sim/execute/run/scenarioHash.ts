import { createHash } from "node:crypto";
import TOML from "@iarna/toml";

/**
 * Object keys as JSON writes them, by key: a sweep's 10,000 scenarios share their few
 * dozen keys, each written once per scenario hashed. Bounded, so that hashing arbitrary
 * data cannot grow it without end; a key past the bound is written as it comes.
 */
const jsonKeys = new Map<string, string>();
const MAX_JSON_KEYS = 4096;

function jsonKey(key: string): string {
  let text = jsonKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (jsonKeys.size < MAX_JSON_KEYS) jsonKeys.set(key, text);
  }
  return text;
}

/**
 * JSON with every object's keys sorted, so equal values give equal text whatever their key
 * order; a key whose value is undefined is left out, and a hole in an array is empty text.
 * Built by appending to one string rather than mapping and joining arrays: the hash of each
 * of a 10,000-config sweep's scenarios is taken when its status is checked, and the arrays
 * were a third of that. The scalars a scenario holds are written without a call to
 * JSON.stringify, keys already in order (a harness-written scenario's) are not sorted
 * again, and each key's JSON is kept (jsonKey): a third of what was left.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      // As JSON.stringify writes a number: NaN and the infinities as null, -0 as 0 (String(-0) is "0").
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      return JSON.stringify(value) ?? "null";
  }
  if (value === null) return "null";
  // An invalid Date (no TOML value is one) is written as JSON.stringify writes it, null, where toISOString threw a RangeError.
  if (value instanceof Date) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i === 0 ? "" : ",") + (i in value ? canonicalJson(value[i]) : "");
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!inOrder(keys)) keys.sort();
  let text = "{";
  for (const key of keys) {
    const item = record[key];
    if (item !== undefined) text += (text.length === 1 ? "" : ",") + jsonKey(key) + ":" + canonicalJson(item);
  }
  return `${text}}`;
}

/** Whether `keys` are already in the order sort() gives them (UTF-16 code units; an object's keys are distinct). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The identity of a resolved scenario: sha256 of its canonical JSON without
 * `run.steps`. The step count says how long to run, not what is run, so a snapshot
 * taken in a 100-step run may be continued to step 200.
 */
export function scenarioSha256(resolved: Readonly<Record<string, unknown>>): string {
  const run = resolved.run;
  const withoutSteps =
    run !== null && typeof run === "object" && !Array.isArray(run)
      ? { ...resolved, run: Object.fromEntries(Object.entries(run as Record<string, unknown>).filter(([k]) => k !== "steps")) }
      : resolved;
  return sha256Hex(canonicalJson(withoutSteps));
}

/** A float whose shortest text is plain decimal (`0.25`): @iarna/toml writes `1e-7` as text it cannot read back. */
const PLAIN_DECIMAL = /^-?\d+\.\d+$/;
/** Any UTF-16 surrogate: left to the round trip, whatever TOML makes of a lone one. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Names every object inherits (`valueOf`, `toString`, `constructor`, ...): @iarna/toml reads a
 * table header with such a name (`[valueOf]`) as nothing at all, so a table holding one is
 * not given back unchanged.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Whether TOML.stringify and then TOML.parse give `value` back unchanged as canonicalJson
 * sees it: strings without surrogates, booleans, safe integers, floats with a plain
 * decimal text, arrays whose items are all tables or none (a table among scalars comes
 * back empty), and tables of these whose keys are not inherited names. Anything else (a date, a bigint, an unsafe integer,
 * which comes back a bigint, an exponent, NaN, undefined) is left to the round trip.
 */
export function isTomlRoundTripStable(value: unknown): boolean {
  switch (typeof value) {
    case "string":
      return !SURROGATE.test(value);
    case "boolean":
      return true;
    case "number":
      return Number.isSafeInteger(value) || (Number.isFinite(value) && PLAIN_DECIMAL.test(String(value)));
    case "object": {
      if (Array.isArray(value)) {
        const tables = value.filter(isTable).length;
        return (tables === 0 || tables === value.length) && value.every(isTomlRoundTripStable);
      }
      if (!isTable(value)) return false;
      for (const key in value) if (INHERITED_NAMES.has(key) || !isTomlRoundTripStable(value[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The scenario hash of a resolved scenario as scenario.resolved.toml records it: through
 * TOML and back first, so the hash of the file read later equals the hash taken at run
 * time whatever value types TOML normalises. A scenario that TOML gives back unchanged
 * (every shipped one, and every config of a sweep of them) skips the round trip: it was
 * most of the time of planning a sweep (2.4 of 3.3 s of a 10,000-config plan), and a
 * property test holds the two equal.
 */
export function resolvedScenarioSha256(resolved: Readonly<Record<string, unknown>>): string {
  if (isTomlRoundTripStable(resolved)) return scenarioSha256(resolved);
  return scenarioSha256(TOML.parse(TOML.stringify(resolved as TOML.JsonMap)) as Record<string, unknown>);
}
