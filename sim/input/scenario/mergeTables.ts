import type { KeyProvenance } from "./keyProvenance.ts";
import { isTable, joinPath, toPlainValue, type TomlTable } from "./tomlValue.ts";

/**
 * Merges `over` into `base` in place, the way `extends` promises: tables merge key by
 * key, at any depth; arrays and scalars replace the base's value whole (an array of
 * tables such as [[dataset.groups]] is one value, so a child that declares groups
 * declares all of them). Every key `over` writes is recorded as coming from `source`.
 */
export function mergeTables(base: TomlTable, over: TomlTable, source: string, provenance: KeyProvenance, prefix = ""): void {
  for (const key of Object.keys(over)) {
    const path = joinPath(prefix, key);
    const baseValue = base[key];
    const overValue = over[key];
    if (overValue === undefined) continue;
    if (isTable(baseValue) && isTable(overValue)) {
      mergeTables(baseValue, overValue, source, provenance, path);
    } else {
      base[key] = toPlainValue(overValue);
      provenance.assign(path, source);
    }
  }
}
