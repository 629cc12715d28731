import type { TomlTable, TomlValue } from "./tomlValue.ts";

/**
 * The TOML that @iarna/toml's stringify writes for a resolved scenario (what every run
 * directory records in scenario.resolved.toml), read without the general parser: one
 * statement a line, `[table]` and `[[array.of.tables]]` headers, `key = value` with a
 * string, an integer, a plain decimal float, a boolean or a one-line array of one kind of
 * these. Checking a 10,000-config sweep parses 10,000 such files, and the general parser
 * took five times as long as the rest of checking a run's scenario.
 *
 * Anything outside that subset, or that TOML would refuse (a key defined twice, a table
 * header repeated, an array of tables over a value), gives undefined, and the caller
 * parses the text with the general parser (parseTomlText), which then gives the value
 * or the error. What this reader accepts it reads as that parser does, to the same plain
 * data (a property test holds the two equal, and holds this one to undefined on every
 * text the general parser refuses): each accepted line is a whole statement, so a line
 * is never part of a multi-line string or array.
 */
export function parseStringifiedToml(text: string): TomlTable | undefined {
  if (text.includes("\r")) return undefined;
  const root: TomlTable = {};
  const reader = new StatementReader(root);
  for (const line of text.split("\n")) {
    if (!reader.read(line)) return undefined;
  }
  return root;
}

/** A basic string without escapes, quotes or control characters (tab included): its text is its value. */
const PLAIN_STRING = '"[^"\\\\\\u0000-\\u001f\\u007f]*"';
const BARE_KEY = "[A-Za-z0-9_-]+";
const KEY = `(?:${BARE_KEY}|${PLAIN_STRING})`;
/** A header and an assignment, matched from the end of the line's indentation. */
const HEADER = new RegExp(`(\\[\\[?)(${KEY}(?:\\.${KEY})*)(\\]\\]?)$`, "y");
const ASSIGNMENT = new RegExp(`(${KEY}) = (.+)$`, "y");
const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;
/** Names every object inherits (`constructor`, `__proto__`, `toString`, ...). */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const KEY_PART = new RegExp(KEY, "y");
/** One scalar and what follows it: a string, a boolean, a decimal integer (no leading zero, underscores between digits) or a plain decimal float. */
const SCALAR = new RegExp(`(${PLAIN_STRING})|(true|false)|(-?(?:0|[1-9]\\d*(?:_\\d+)*))(?![.\\d_])|(-?(?:0|[1-9]\\d*)\\.\\d+)(?![\\d_eE])`, "y");

type ScalarKind = "string" | "boolean" | "integer" | "float";

/** Reads the statements of one document into `root`, a line at a time, keeping what TOML's rules need: the current table, the tables a header defined, the arrays of tables. */
class StatementReader {
  private readonly root: TomlTable;
  private current: TomlTable;
  /** Tables a header created, implicitly (as a path's parent) or not; assignments never create tables here. */
  private readonly tables = new WeakSet<TomlTable>();
  /** Tables defined by their own header (or as an element of an array of tables): a second header of one is an error. */
  private readonly defined = new WeakSet<TomlTable>();
  private readonly tableArrays = new WeakSet<TomlValue[]>();

  constructor(root: TomlTable) {
    this.root = root;
    this.current = root;
    this.tables.add(root);
    this.defined.add(root);
  }

  /** False when the line is outside the subset or breaks a rule of TOML. */
  read(line: string): boolean {
    let at = 0;
    while (line.charCodeAt(at) === SPACE) at++;
    if (at === line.length) return true;
    if (line.charCodeAt(at) === OPEN_BRACKET) {
      HEADER.lastIndex = at;
      const header = HEADER.exec(line);
      if (header === null) return false;
      const [, open, path, close] = header as unknown as [string, string, string, string];
      if (open.length !== close.length) return false;
      const keys = keysOf(path);
      return keys !== undefined && (open === "[[" ? this.appendTable(keys) : this.defineTable(keys));
    }
    ASSIGNMENT.lastIndex = at;
    const assignment = ASSIGNMENT.exec(line);
    if (assignment === null) return false;
    const key = keyName(assignment[1] as string);
    const value = valueOf(assignment[2] as string);
    if (key === undefined || value === undefined || Object.hasOwn(this.current, key)) return false;
    this.current[key] = value;
    return true;
  }

  /** The table a header's path leads through to its last key's parent: existing tables, the last element of an array of tables, or new implicit tables. */
  private parentOf(keys: readonly string[]): TomlTable | undefined {
    let node = this.root;
    for (const key of keys.slice(0, -1)) {
      const next: TomlValue | undefined = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined) {
        const table: TomlTable = {};
        this.tables.add(table);
        node[key] = table;
        node = table;
      } else if (Array.isArray(next) && this.tableArrays.has(next)) node = next.at(-1) as TomlTable;
      else if (typeof next === "object" && !Array.isArray(next) && !(next instanceof Date) && this.tables.has(next)) node = next;
      else return undefined;
    }
    return node;
  }

  /** Where a header's last key goes: its parent table, the key, and what the key holds already (undefined for nothing); undefined when the path cannot be followed. */
  private slotOf(keys: readonly string[]): { parent: TomlTable; key: string; existing: TomlValue | undefined } | undefined {
    const parent = this.parentOf(keys);
    const key = keys.at(-1) as string;
    return parent === undefined ? undefined : { parent, key, existing: Object.hasOwn(parent, key) ? parent[key] : undefined };
  }

  private defineTable(keys: readonly string[]): boolean {
    const slot = this.slotOf(keys);
    if (slot === undefined) return false;
    const { parent, key, existing } = slot;
    if (existing === undefined) {
      const table: TomlTable = {};
      this.tables.add(table);
      parent[key] = table;
      this.current = table;
    } else if (typeof existing === "object" && !Array.isArray(existing) && !(existing instanceof Date) && this.tables.has(existing) && !this.defined.has(existing)) {
      this.current = existing;
    } else return false;
    this.defined.add(this.current);
    return true;
  }

  private appendTable(keys: readonly string[]): boolean {
    const slot = this.slotOf(keys);
    if (slot === undefined) return false;
    const { parent, key, existing } = slot;
    let array: TomlValue[];
    if (existing === undefined) {
      array = [];
      this.tableArrays.add(array);
      parent[key] = array;
    } else if (Array.isArray(existing) && this.tableArrays.has(existing)) array = existing;
    else return false;
    const table: TomlTable = {};
    this.tables.add(table);
    this.defined.add(table);
    array.push(table);
    this.current = table;
    return true;
  }
}

/**
 * A key's name: a bare key as written, a quoted one without its quotes. Undefined for the
 * empty key and for the name of anything an object inherits (`constructor`, `__proto__`,
 * `toString`): the general parser looks those up through the prototype (`[constructor]`
 * opens the Object function as a table), so its answer is left to it.
 */
function keyName(text: string): string | undefined {
  const name = text.startsWith('"') ? text.slice(1, -1) : text;
  return name === "" || INHERITED_NAMES.has(name) ? undefined : name;
}

/** The keys of a header's dotted path (already matched as keys joined by dots). */
function keysOf(path: string): string[] | undefined {
  const keys: string[] = [];
  let at = 0;
  while (at < path.length) {
    KEY_PART.lastIndex = at;
    const match = KEY_PART.exec(path);
    const name = match === null ? undefined : keyName(match[0]);
    if (match === null || name === undefined) return undefined;
    keys.push(name);
    at = KEY_PART.lastIndex;
    if (at < path.length && path[at++] !== ".") return undefined;
  }
  return keys;
}

/** The scalar at `at` in `text`, its kind and where it ends; undefined when none starts there. */
function scalarAt(text: string, at: number): { value: string | number | boolean; kind: ScalarKind; end: number } | undefined {
  SCALAR.lastIndex = at;
  const match = SCALAR.exec(text);
  if (match === null) return undefined;
  const [, string, boolean, integer, float] = match;
  const end = SCALAR.lastIndex;
  if (string !== undefined) return { value: string.slice(1, -1), kind: "string", end };
  if (boolean !== undefined) return { value: boolean === "true", kind: "boolean", end };
  if (integer !== undefined) {
    const value = Number(integer.replace(/_/g, ""));
    // A larger integer is a bigint (or out of TOML's range) to the general parser; -0 is left to it too.
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? { value, kind: "integer", end } : undefined;
  }
  return { value: Number(float), kind: "float", end };
}

/** The value of an assignment's right-hand side: one scalar, or a one-line array of scalars of one kind (`[ ]`, `[ 1, 2 ]`). */
function valueOf(text: string): TomlValue | undefined {
  if (!text.startsWith("[")) {
    const scalar = scalarAt(text, 0);
    return scalar !== undefined && scalar.end === text.length ? scalar.value : undefined;
  }
  if (text === "[ ]") return [];
  if (!text.startsWith("[ ") || !text.endsWith(" ]")) return undefined;
  const items: (string | number | boolean)[] = [];
  let kind: ScalarKind | undefined;
  let at = 2;
  for (;;) {
    const scalar = scalarAt(text, at);
    if (scalar === undefined || (kind !== undefined && scalar.kind !== kind)) return undefined;
    kind = scalar.kind;
    items.push(scalar.value);
    if (scalar.end === text.length - 2) return items;
    if (!text.startsWith(", ", scalar.end)) return undefined;
    at = scalar.end + 2;
  }
}
