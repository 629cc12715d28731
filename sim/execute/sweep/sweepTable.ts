import { describeValue, UserError } from "../../../src/errors.ts";
import { MAX_SEED } from "../../input/scenario/scenarioSchema.ts";
import { nearestKey } from "../../input/scenario/schemaErrors.ts";
import { isTable, kindOf, type TomlTable, type TomlValue } from "../../input/scenario/tomlValue.ts";
import { sweepTableSchema } from "../../input/scenario/sweepTableSchema.ts";

/** One swept key: its dotted path as written in the [sweep] table and the values it takes, in order. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly TomlValue[];
}

/**
 * A scenario file's [sweep] table, checked for shape (docs/sweeps.md):
 * `seeds` override run.seed per point, `axes` vary as a full product, `zip` vary together.
 */
export interface SweepTable {
  readonly seeds: readonly number[] | undefined;
  readonly axes: readonly SweepAxis[];
  readonly zip: readonly SweepAxis[];
}

const SWEEP_KEYS = Object.keys(sweepTableSchema.properties);

/**
 * Reads the [sweep] table of `file`'s merged document. Every problem is collected and
 * reported at once, each naming `sweep.<part>` and the key, as the scenario loader does.
 * An axis table may be written with quoted dotted keys (`"ledger.capacity" = [...]`) or
 * as nested tables (`[sweep.axes.ledger] capacity = [...]`); both name the same path.
 */
export function readSweepTable(file: string, raw: unknown): SweepTable {
  const problems: string[] = [];
  if (!isTable(raw)) throw new UserError(`${file}: sweep = ${describeValue(raw)}: expected a [sweep] table (docs/sweeps.md)`);
  for (const key of Object.keys(raw)) {
    if (SWEEP_KEYS.includes(key)) continue;
    const near = nearestKey(key, SWEEP_KEYS);
    problems.push(`sweep.${key}: unknown key${near ? ` (did you mean "${near}"?)` : ""}; a [sweep] table holds ${SWEEP_KEYS.join(", ")}`);
  }

  let seeds: number[] | undefined;
  if (raw.seeds !== undefined) {
    const value = raw.seeds;
    if (!Array.isArray(value) || value.length === 0) {
      problems.push(`sweep.seeds = ${describeValue(value)}: expected a non-empty array of seeds (integers 0..${MAX_SEED})`);
    } else {
      const bad = value.filter((seed) => typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED);
      if (bad.length > 0)
        problems.push(`sweep.seeds = ${describeValue(value)}: expected integers 0..${MAX_SEED}, got ${bad.map((v) => `${describeValue(v)} (${kindOf(v)})`).join(", ")}`);
      else seeds = value as number[];
    }
  }

  const axes = readAxisTable(raw.axes, "axes", problems);
  const zip = readAxisTable(raw.zip, "zip", problems);
  if (zip.length > 0) {
    const lengths = new Set(zip.map((axis) => axis.values.length));
    if (lengths.size > 1) {
      problems.push(`sweep.zip: the keys vary together, so they need equal lengths; got ${zip.map((axis) => `${axis.key} (${axis.values.length})`).join(", ")}`);
    }
  }
  const seen = new Set<string>();
  for (const axis of [...axes, ...zip]) {
    if (seen.has(axis.key)) problems.push(`sweep: ${axis.key} is in both sweep.axes and sweep.zip; name each key once`);
    seen.add(axis.key);
  }
  if (seeds !== undefined && seen.has("run.seed")) problems.push("sweep: run.seed is swept and sweep.seeds is set; use one of them");
  if (seeds === undefined && axes.length === 0 && zip.length === 0 && problems.length === 0) {
    problems.push("sweep: the table is empty; give seeds, [sweep.axes] or [sweep.zip] (docs/sweeps.md)");
  }
  if (problems.length > 0)
    throw new UserError(problems.length === 1 ? `${file}: ${problems[0]}` : `${file} has ${problems.length} problems in its [sweep] table:\n  ${problems.join("\n  ")}`);
  return { seeds, axes, zip };
}

function readAxisTable(value: unknown, part: "axes" | "zip", problems: string[]): SweepAxis[] {
  if (value === undefined) return [];
  if (!isTable(value)) {
    problems.push(`sweep.${part} = ${describeValue(value)}: expected a table of "dotted.key" = [values]`);
    return [];
  }
  const axes: SweepAxis[] = [];
  for (const [key, values] of flattenAxisTable(value)) {
    if (!Array.isArray(values)) {
      problems.push(`sweep.${part}."${key}" = ${describeValue(values)}: expected an array of the values the key takes`);
    } else if (values.length === 0) {
      problems.push(`sweep.${part}."${key}" is empty: expected at least one value`);
    } else {
      axes.push({ key, values });
    }
  }
  return axes;
}

/** `{ledger: {capacity: [..]}}` and `{"ledger.capacity": [..]}` both give `["ledger.capacity", [..]]`, in document order. */
function flattenAxisTable(table: TomlTable, prefix = ""): [string, TomlValue][] {
  const out: [string, TomlValue][] = [];
  for (const key of Object.keys(table)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const value = table[key] as TomlValue;
    if (isTable(value)) out.push(...flattenAxisTable(value, path));
    else out.push([path, value]);
  }
  return out;
}
