import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extendsKey } from "../../../../sim/input/scenario/publishedSchema.ts";
import { scenarioSchema } from "../../../../sim/input/scenario/scenarioSchema.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";

interface Node {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly defaultText?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Node>>;
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
}

const root = scenarioSchema as Node;

/** The docs' key tables: `### <heading>` sections whose rows are `| key | type | default | meaning |`. */
const SECTIONS: Readonly<Record<string, string>> = {
  "top level": "",
  "`[run]`": "run",
  "`[dataset]`": "dataset",
  "`[ledger]`": "ledger",
  "`[resume]`": "resume",
  "`[[expect]]`": "expect",
  "`[golden]`": "golden",
};

interface DocRow {
  readonly path: string;
  readonly default: string;
  readonly meaning: string;
}

function docRows(): DocRow[] {
  const doc = readFileSync(join(PROJECT_ROOT, "docs/scenario-format.md"), "utf8");
  const rows: DocRow[] = [];
  let table: string | undefined;
  for (const line of doc.split("\n")) {
    const heading = /^### (.+?)(?: \(|$)/.exec(line);
    if (heading !== null) table = SECTIONS[heading[1] as string];
    else if (line.startsWith("## ")) table = undefined;
    const row = /^\| `\[?([a-z_]+)\]?` \| .*? \| (.*?) \| (.*) \|$/.exec(line);
    if (table === undefined || row === null) continue;
    rows.push({ path: table === "" ? (row[1] as string) : `${table}.${row[1]}`, default: row[2] as string, meaning: row[3] as string });
  }
  return rows;
}

/** The node of a dotted path through tables and array entries, and whether its table requires it. */
function nodeAt(path: string): { node: Node; required: boolean } {
  if (path === "extends") return { node: extendsKey, required: false };
  let node: Node = root;
  let required = false;
  for (const key of path.split(".")) {
    const table: Node = node.items ?? node;
    const next = table.properties?.[key];
    if (next === undefined) throw new Error(`${path}: not in the scenario schema`);
    required = table.required?.includes(key) ?? false;
    node = next;
  }
  return { node, required };
}

/** How the docs write a default value: as TOML. */
function tomlLiteral(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

/** Every key path the schema declares, through tables and into array entries. */
function allPaths(node: Node, prefix: string): string[] {
  const table = node.items ?? node;
  return Object.entries(table.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    return [path, ...allPaths(child, path)];
  });
}

describe("scenarioSchema", () => {
  it("gives every key a description, and a default value or words for it wherever the key is optional", () => {
    for (const path of allPaths(root, "")) {
      const { node } = nodeAt(path);
      expect(node.description, path).toMatch(/\S/);
      if (node.default !== undefined) expect(node.defaultText, `${path} has a default value and words for it`).toBeUndefined();
    }
  });

  it("is the source of docs/scenario-format.md's key tables: every table key is a row, with the schema's meaning and default", () => {
    const rows = docRows();
    // A table's own keys are rows; the tables are headings; the keys of array entries are told in prose.
    const isHeading = (path: string) => !path.includes(".") && (nodeAt(path).node.properties ?? nodeAt(path).node.items?.properties) !== undefined;
    const tableKeys = allPaths(root, "").filter((path) => !isHeading(path) && !/^(dataset\.(groups|streams)|golden\.tolerance)\./.test(path));
    expect(rows.map((row) => row.path).sort()).toEqual(["extends", ...tableKeys].sort());
    for (const row of rows) {
      const { node, required } = nodeAt(row.path);
      expect(row.meaning, row.path).toBe(node.description);
      const wanted = node.default !== undefined ? tomlLiteral(node.default) : required ? "required" : (node.defaultText ?? "none");
      expect(row.default, row.path).toBe(wanted);
    }
  });
});
