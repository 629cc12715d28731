import { createHash } from "node:crypto";
import TOML from "@iarna/toml";

/** JSON with every object's keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
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

/**
 * The scenario hash of a resolved scenario as scenario.resolved.toml records it: through
 * TOML and back first, so the hash of the file read later equals the hash taken at run
 * time whatever value types TOML normalises.
 */
export function resolvedScenarioSha256(resolved: Readonly<Record<string, unknown>>): string {
  return scenarioSha256(TOML.parse(TOML.stringify(resolved as TOML.JsonMap)) as Record<string, unknown>);
}
