import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Ajv } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { UserError } from "../../src/errors.ts";
import { readTomlFile } from "../../sim/input/scenario/readTomlFile.ts";
import { CatalogError, describeSchemaErrors, entryName } from "./catalogErrors.ts";
import { catalogSchema, type RawKiller } from "./catalogSchema.ts";
import { countOccurrences, describeFindMismatch } from "./countOccurrences.ts";
import type { Catalog, Killer, Mutant } from "./mutant.ts";

/** Where the catalog lives unless `--catalog` says otherwise. */
export const DEFAULT_CATALOG_FILE = "mutants/catalog.toml";

const validate = new Ajv({ allErrors: true, verbose: true }).compile(catalogSchema);

/**
 * Phase 1: reads the catalog, checks its shape with ajv and then every entry against the
 * project at `root` (the mutated file exists and holds `find` exactly once, every killer
 * names one existing test file or scenario), and reports every problem at once as a
 * CatalogError (exit 2). The whole catalog is checked even with `--only`, so that a stale
 * entry is caught by whoever runs any part of it.
 */
export function loadCatalog(root: string, catalogFile: string = DEFAULT_CATALOG_FILE): Catalog {
  const document = readTomlFile(resolve(root, catalogFile), { kind: "mutant catalog", shown: catalogFile });
  if (!validate(document)) throw new CatalogError(catalogFile, describeSchemaErrors(validate.errors ?? [], document));

  const raw = document.mutant;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const mutants: Mutant[] = raw.map((entry, index) => {
    const name = entryName(index, entry);
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`${name}: the id is already used by [[mutant]] #${first + 1}; ids are unique`);
    else seen.set(entry.id, index);

    const source = checkProjectFile(root, entry.file);
    if (source !== undefined) {
      problems.push(`${name}: file "${entry.file}" ${source}`);
    } else {
      const occurrences = countOccurrences(readFileSync(resolve(root, entry.file), "utf8"), entry.find);
      if (occurrences !== 1) problems.push(`${name}: ${describeFindMismatch(entry.file, occurrences)}`);
    }
    if (entry.find === entry.replace) problems.push(`${name}: "replace" equals "find", so the mutant changes nothing`);

    const killedBy = entry.killed_by.map((killer, k) => toKiller(root, killer, `${name}: killed_by[${k + 1}]`, problems));
    return { id: entry.id, description: entry.description, file: entry.file, find: entry.find, replace: entry.replace, killedBy: killedBy.filter((x) => x !== undefined) };
  });
  if (problems.length > 0) throw new CatalogError(catalogFile, problems);
  return { file: catalogFile, mutants };
}

/** The mutants `--only` names, in catalog order; an unknown id is a usage error. */
export function selectMutants(catalog: Catalog, only: readonly string[] | undefined): readonly Mutant[] {
  if (only === undefined || only.length === 0) return catalog.mutants;
  const ids = catalog.mutants.map((m) => m.id);
  const unknown = only.filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    const hints = unknown.map((id) => {
      const near = closest(id, ids);
      return distance(id, near) <= Math.max(2, Math.floor(id.length / 4)) ? `"${id}" (did you mean "${near}"?)` : `"${id}"`;
    });
    throw new UserError(`--only names no mutant of ${catalog.file}: ${hints.join(", ")}; the ids are the catalog's \`id\` fields`);
  }
  return catalog.mutants.filter((m) => only.includes(m.id));
}

/** Undefined when `file` is a regular file inside the project; otherwise what is wrong with it. */
function checkProjectFile(root: string, file: string): string | undefined {
  const inside = relative(root, resolve(root, file));
  if (isAbsolute(file) || inside.startsWith("..")) return "is outside the project; name it relative to the project root";
  if (!existsSync(resolve(root, file))) return "does not exist";
  if (!statSync(resolve(root, file)).isFile()) return "is not a file";
  return undefined;
}

function toKiller(root: string, raw: RawKiller, where: string, problems: string[]): Killer | undefined {
  if (raw.test === undefined && raw.scenario === undefined) {
    problems.push(`${where} names no test or scenario: give it "test" (a test file, optionally with "name") or "scenario" (a scenario file)`);
    return undefined;
  }
  if (raw.test !== undefined && raw.scenario !== undefined) {
    problems.push(`${where} names both a test and a scenario: one killer per entry, list them separately`);
    return undefined;
  }
  if (raw.scenario !== undefined && raw.name !== undefined) {
    problems.push(`${where}: "name" filters tests; a scenario killer has no test names`);
    return undefined;
  }
  const file = (raw.test ?? raw.scenario) as string;
  const missing = checkProjectFile(root, file);
  if (missing !== undefined) {
    problems.push(`${where}: ${raw.test !== undefined ? "test" : "scenario"} "${file}" ${missing}`);
    return undefined;
  }
  if (raw.test !== undefined) return raw.name === undefined ? { kind: "test", file } : { kind: "test", file, name: raw.name };
  return { kind: "scenario", file };
}
