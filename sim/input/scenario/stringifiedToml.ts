import { parse } from "smol-toml";
import type { TomlTable } from "./tomlValue.ts";

/**
 * Names every object inherits (`constructor`, `__proto__`, `toString`, ...): @iarna/toml,
 * the general parser, reads a key or table of such a name as something else (`[constructor]`
 * comes back as the Object function), so a text holding one is left to it.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

/**
 * The TOML that @iarna/toml's stringify writes for a resolved scenario (what every run
 * directory records in scenario.resolved.toml), read by smol-toml, about three times
 * faster than @iarna/toml on these files: checking a 10,000-config sweep parses 10,000 of
 * them, and the general parser was most of checking a run's scenario.
 *
 * A text smol-toml refuses, or whose data the two parsers may see differently (a key named
 * like an inherited property, a date, an integer beyond 2^53, which only @iarna/toml reads,
 * as a bigint), gives undefined, and the caller parses it with the general parser
 * (parseTomlText), which then gives the value or the error. What this accepts it reads to
 * the data the general parser gives as the scenario hash sees it (canonicalJson): a
 * property test holds the two equal on stringified tables and on hand-edited texts.
 */
export function parseStringifiedToml(text: string): TomlTable | undefined {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return undefined;
  }
  return readsAlike(parsed) ? (parsed as TomlTable) : undefined;
}

/** Whether both parsers give this value the same meaning: no inherited key names, no dates, no bigints. */
function readsAlike(value: unknown): boolean {
  if (typeof value === "bigint" || value instanceof Date) return false;
  if (Array.isArray(value)) return value.every(readsAlike);
  if (typeof value !== "object" || value === null) return true;
  for (const key in value) if (INHERITED_NAMES.has(key) || !readsAlike((value as Record<string, unknown>)[key])) return false;
  return true;
}
