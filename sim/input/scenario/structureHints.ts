import { scenarioSchema } from "./scenarioSchema.ts";

/**
 * Hints for the structure mistakes whose plain message does not lead to the fix: a table
 * header written with single brackets where the format wants an array of tables, and a
 * key that lands in the wrong table because a header above it is missing. Each hint is
 * a clause appended to the loader's own message; both are read off scenarioSchema.
 */

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const root = scenarioSchema as SchemaNode;

/** Every table of the format with its header as written (`ledger`, `dataset.groups`) and whether it is an array of tables. */
function tablesOf(node: SchemaNode, prefix: string): { path: string; array: boolean; node: SchemaNode }[] {
  const out: { path: string; array: boolean; node: SchemaNode }[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (child.type === "object" && child.properties !== undefined) out.push({ path, array: false, node: child }, ...tablesOf(child, path));
    if (child.type === "array" && child.items?.properties !== undefined) out.push({ path, array: true, node: child.items }, ...tablesOf(child.items, path));
  }
  return out;
}

const TABLES = tablesOf(root, "");

/** The arrays of tables of the format, by header: `dataset.groups`, `dataset.streams`, `expect`, `golden.tolerance`. */
export const ARRAY_TABLE_HEADERS: readonly string[] = TABLES.filter((table) => table.array).map((table) => table.path);

/**
 * For a TOML parse error at `lineText`: when the line is a single-bracket header of an
 * array of tables (`[dataset.streams]`), the hint to write `[[dataset.streams]]`. TOML
 * refuses a second `[dataset.streams]` ("Can't redefine existing key"), which says
 * nothing of the double brackets.
 */
export function singleBracketHint(lineText: string): string | undefined {
  const header = /^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/.exec(lineText);
  if (header === null || !ARRAY_TABLE_HEADERS.includes(header[1] as string)) return undefined;
  return `[${header[1]}] declares a single table, but ${header[1]} is an array of tables: write each entry under [[${header[1]}]] (double brackets)`;
}

/**
 * For a table written where an array of tables belongs (`[dataset.streams]` once), the
 * same hint as a clause, or undefined when `path` is no array of tables.
 */
export function arrayOfTablesHint(path: string): string | undefined {
  if (!ARRAY_TABLE_HEADERS.includes(path)) return undefined;
  return `write each entry under [[${path}]] (double brackets: an array of tables), not [${path}]`;
}

/**
 * For an unknown `key` in the table at `tablePath`: the other tables of the format that
 * declare a key of that name (`capacity` -> `[ledger]`), as a hint that their header is
 * missing above the key, or undefined when no other table has it.
 */
export function otherTableHint(key: string, tablePath: string): string | undefined {
  const bare = tablePath.replace(/\[\d+\]/g, "");
  const owners = TABLES.filter((table) => table.path !== bare && table.node.properties?.[key] !== undefined).map((table) =>
    table.array ? `[[${table.path}]]` : `[${table.path}]`,
  );
  const topLevel = bare !== "" && root.properties?.[key] !== undefined && root.properties[key]?.type !== "object";
  if (owners.length > 0) return `${key} is a key of ${owners.join(" or ")}: is ${owners.length === 1 ? "that header" : "one of those headers"} missing above it?`;
  if (topLevel) return `${key} is a top-level key: write it above the first table header`;
  return undefined;
}
