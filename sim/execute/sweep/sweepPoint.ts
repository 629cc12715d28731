import { canonicalJson, sha256Hex } from "../run/scenarioHash.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";
import type { SweepTable } from "./sweepTable.ts";

/** The key a point uses for a value of `sweep.seeds` (it sets run.seed). */
export const SEED_KEY = "seed";

/** One point of a sweep: every swept key with its value, in the sweep's declared key order. */
export type SweepPoint = readonly (readonly [key: string, value: TomlValue])[];

/**
 * Every point of a sweep, in a fixed order: the full product of `axes` (the first axis
 * varies slowest), then `zip` as one more axis whose values go together, then `seeds`
 * (varying fastest). With no axes the product is the single empty point.
 */
export function expandSweepPoints(table: SweepTable): SweepPoint[] {
  let points: [string, TomlValue][][] = [[]];
  for (const axis of table.axes) {
    points = points.flatMap((point) => axis.values.map((value) => [...point, [axis.key, value] as [string, TomlValue]]));
  }
  const zipLength = table.zip[0]?.values.length ?? 0;
  if (zipLength > 0) {
    points = points.flatMap((point) =>
      Array.from({ length: zipLength }, (_, i) => [...point, ...table.zip.map((axis) => [axis.key, axis.values[i] as TomlValue] as [string, TomlValue])]),
    );
  }
  if (table.seeds !== undefined) {
    const seeds = table.seeds;
    points = points.flatMap((point) => seeds.map((seed) => [...point, [SEED_KEY, seed] as [string, TomlValue]]));
  }
  return points;
}

/** The longest config name kept whole; longer ones are cut and end in a hash of the whole (file names stop at 255 bytes). */
const MAX_NAME_LENGTH = 200;

/**
 * A config's name (docs/sweeps.md): the scenario's name, then `__key=value` for each
 * swept key in sorted order (`seed` last), e.g.
 * `diag_stale_false_evict__ledger.capacity=64__ledger.stale_threshold=2__seed=1`.
 * Values print as numbers in shortest form, strings and booleans as written, arrays and
 * tables as compact JSON; any character other than letters, digits and `._=+-` becomes
 * `_`, so the name is a safe directory name. A name over 200 characters keeps its first
 * 187 and ends in `~` and 12 hex digits of the whole name's sha256.
 */
export function configNameOf(scenarioName: string, point: SweepPoint): string {
  const sorted = [...point].sort(([a], [b]) => (a === SEED_KEY ? 1 : b === SEED_KEY ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const whole = [scenarioName, ...sorted.map(([key, value]) => `${key}=${formatPointValue(value)}`)].join("__").replace(/[^A-Za-z0-9._=+-]/g, "_");
  if (whole.length <= MAX_NAME_LENGTH) return whole;
  return `${whole.slice(0, MAX_NAME_LENGTH - 13)}~${sha256Hex(whole).slice(0, 12)}`;
}

/** A point's value as the config name and summary.csv show it. */
export function formatPointValue(value: TomlValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return canonicalJson(value);
}
