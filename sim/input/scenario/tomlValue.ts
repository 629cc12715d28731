/**
 * The values a parsed TOML document holds, and small helpers that every stage of the
 * loader shares. The parser returns tables with a null prototype and symbol markers;
 * `toPlainTable` copies them into ordinary objects so that later stages (the merge, the
 * schema check, the resolved copy that is hashed) see plain data only.
 */

import { IntegralFloat } from "./tomlParser.ts";

export type TomlTable = { [key: string]: TomlValue };
export type TomlValue = string | number | bigint | boolean | Date | TomlValue[] | TomlTable;

export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A key path inside a document: table keys and array indices. */
export type TomlPath = readonly (string | number)[];

/**
 * A deep copy made of plain objects and arrays, with keys in the document's order. A
 * parser's IntegralFloat marker (sim/input/scenario/tomlParser.ts) becomes its number, and its
 * path is passed to `onIntegralFloat` so that the loader can refuse it where an integer is meant.
 */
export function toPlainValue(value: unknown, onIntegralFloat?: (path: TomlPath, text: string) => void, path: TomlPath = []): TomlValue {
  if (value instanceof IntegralFloat) {
    onIntegralFloat?.(path, value.text);
    return value.value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toPlainValue(item, onIntegralFloat, [...path, i]));
  if (isTable(value)) {
    const copy: TomlTable = {};
    for (const key of Object.keys(value)) copy[key] = toPlainValue(value[key], onIntegralFloat, [...path, key]);
    return copy;
  }
  return value as TomlValue;
}

/** A deep copy whose tables list their keys in sorted order, so that its text and hash are deterministic. */
export function sortKeysDeep(value: TomlValue): TomlValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isTable(value)) {
    const copy: TomlTable = {};
    for (const key of Object.keys(value).sort()) copy[key] = sortKeysDeep(value[key] as TomlValue);
    return copy;
  }
  return value;
}

/** The name of a value's kind, in the words the error messages use. */
export function kindOf(value: unknown): string {
  if (typeof value === "bigint") return "an integer too large to represent exactly";
  if (value instanceof Date) return "a date";
  if (Array.isArray(value)) return "an array";
  if (isTable(value)) return "a table";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a float";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

/** The dotted path of a key as a user writes it: `dataset.groups[1].bs`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  return parent === "" ? part : `${parent}.${part}`;
}
