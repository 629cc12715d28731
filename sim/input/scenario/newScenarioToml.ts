import { METRICS } from "../../../src/metrics/catalog.ts";
import { scenarioSchema } from "./scenarioSchema.ts";
import type { TomlTable } from "./tomlValue.ts";

/**
 * The text `sim new` writes: a starting scenario that validates as written, with every
 * section of the format and every key in it, those the author need not set commented
 * out with their default (or, for a file that extends another, the value it inherits),
 * each with its meaning from scenarioSchema, so the file documents itself.
 */

interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly defaultText?: string;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const root = scenarioSchema as SchemaNode;

export interface NewScenarioSpec {
  readonly name: string;
  /** The `#:schema` directive's path to schema/scenario.schema.json, relative to the new file. */
  readonly schemaPath: string;
  readonly layout: "nested" | "direct";
  /** For `--from`: the path to extend (relative to the new file) and the merged scenario it resolves to. */
  readonly from?: { readonly extendsPath: string; readonly merged: TomlTable };
}

/** A value as TOML writes it inline. */
export function tomlLiteral(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(tomlLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([key, inner]) => `${key} = ${tomlLiteral(inner)}`)
      .join(", ")} }`;
  return String(value);
}

/** The values a new scenario sets, so that it runs as written: a short run over four streams. */
const STARTER: Readonly<Record<string, unknown>> = { "run.steps": 200 };
const NESTED_GROUPS = [
  { modality: "rna", streams: 2, cells: [40000, 60000] },
  { modality: "atac", streams: 2, cells: [40000, 60000] },
];
const DIRECT_STREAMS = [
  { path: "data/rna/shard-000.zarr", cells: 50000 },
  { path: "data/rna/shard-001.zarr", cells: 50000 },
  { path: "data/atac/shard-000.zarr", cells: 50000 },
  { path: "data/atac/shard-001.zarr", cells: 50000 },
];

/** Examples for the optional keys that have no default, shown commented. */
const EXAMPLES: Readonly<Record<string, unknown>> = {
  "run.baseline": "healthy_smoke",
  "ledger.wipe_interval": 1,
  "ledger.stale_threshold": 5,
  "resume.at_step": 100,
  "resume.num_streams_mixed": 2,
  "resume.world_size": 1,
};

function comment(node: SchemaNode): string {
  const words = [node.description ?? "", ...(node.defaultText !== undefined ? [`default ${node.defaultText}`] : [])].filter((text) => text !== "");
  return words.length === 0 ? "" : `  # ${words.join("; ")}`;
}

/** `key = value  # meaning`, commented out unless `set`. */
function keyLine(key: string, value: unknown, node: SchemaNode, set: boolean): string {
  return `${set ? "" : "# "}${key} = ${tomlLiteral(value)}${comment(node)}`;
}

function valueAt(table: TomlTable | undefined, path: readonly string[]): unknown {
  let node: unknown = table;
  for (const key of path) node = node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** The keys of one table: set where a new file must set them, else commented with the inherited value, the default or an example. */
function tableLines(section: string, node: SchemaNode, spec: NewScenarioSpec): string[] {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.type === "array" && child.items?.properties !== undefined) continue;
    const path = `${section}.${key}`;
    const inherited = spec.from === undefined ? undefined : valueAt(spec.from.merged, path.split("."));
    if (spec.from !== undefined) {
      if (path === "run.name") lines.push(keyLine(key, spec.name, child, inherited !== undefined));
      else if (inherited !== undefined) lines.push(`${keyLine(key, inherited, child, false)} (inherited)`);
      else if (child.default !== undefined) lines.push(keyLine(key, child.default, child, false));
      else if (EXAMPLES[path] !== undefined) lines.push(keyLine(key, EXAMPLES[path], child, false));
      continue;
    }
    if (STARTER[path] !== undefined) lines.push(keyLine(key, STARTER[path], child, true));
    else if (path === "dataset.layout" && spec.layout === "direct") lines.push(keyLine(key, "direct", child, true));
    else if (path === "run.name") lines.push(keyLine(key, spec.name, child, false));
    else if (child.default !== undefined) lines.push(keyLine(key, child.default, child, false));
    else if (EXAMPLES[path] !== undefined) lines.push(keyLine(key, EXAMPLES[path], child, false));
  }
  return lines;
}

/** One `[[header]]` entry per table, set or commented. */
function arrayEntries(header: string, entries: readonly Record<string, unknown>[], set: boolean): string[] {
  const prefix = set ? "" : "# ";
  return entries.flatMap((entry) => ["", `${prefix}[[${header}]]`, ...Object.entries(entry).map(([key, value]) => `${prefix}${key} = ${tomlLiteral(value)}`)]);
}

export function newScenarioToml(spec: NewScenarioSpec): string {
  const properties = root.properties ?? {};
  const out: string[] = [`#:schema ${spec.schemaPath}`];
  out.push(
    `# ${spec.name}: a scenario (docs/scenario-format.md lists every key; docs/authoring.md the loop).`,
    "# The keys commented out show their default" + (spec.from === undefined ? "" : " or the value this file inherits") + ": uncomment one to change it.",
    "# Next: npx sim validate <this file>, then npx sim watch <this file>.",
  );
  if (spec.from !== undefined) out.push(`extends = ${tomlLiteral(spec.from.extendsPath)}`);
  out.push(`description = "TODO: what this scenario shows, in a sentence"`);

  out.push("", "[run]", ...tableLines("run", properties.run as SchemaNode, spec));

  out.push("", "[dataset]", ...tableLines("dataset", properties.dataset as SchemaNode, spec));
  if (spec.from !== undefined) {
    const inherited = spec.from.merged.dataset as Record<string, unknown> | undefined;
    for (const key of ["groups", "streams"] as const) {
      const entries = inherited?.[key] as Record<string, unknown>[] | undefined;
      if (entries === undefined) continue;
      out.push(
        "",
        `# The inherited [[dataset.${key}]]: an array replaces the parent's whole, so uncomment every entry to change one.`,
        ...arrayEntries(`dataset.${key}`, entries, false).slice(1),
      );
    }
  } else if (spec.layout === "direct") {
    out.push("", "# The direct layout: one entry per stream; its modality is the directory holding it.", ...arrayEntries("dataset.streams", DIRECT_STREAMS, true).slice(1));
  } else {
    out.push("", "# The nested layout: one entry per modality, its streams named <modality>/000, /001, ...", ...arrayEntries("dataset.groups", NESTED_GROUPS, true).slice(1));
  }

  out.push("", "[ledger]", ...tableLines("ledger", properties.ledger as SchemaNode, spec));

  out.push(
    "",
    "# A modeled training resume (optional): uncomment the header and its keys.",
    "# [resume]",
    ...tableLines("resume", properties.resume as SchemaNode, { ...spec, from: undefined }).map((line) => (line.startsWith("# ") ? line : `# ${line}`)),
  );

  out.push(
    "",
    "# What the run must show (any number of [[expect]] blocks; docs/golden-and-expectations.md).",
    "# [[expect]]",
    '# name = "no LRU false evictions"',
    `# metric = ${JSON.stringify(METRICS.falseEvictionsLru.key)}`,
    '# stat = "max"',
    '# op = "=="',
    "# value = 0",
  );
  if (spec.from !== undefined && Array.isArray(spec.from.merged.expect)) out.push("# (This file inherits its parent's [[expect]] blocks until it declares one of its own.)");

  out.push(
    "",
    "# How exactly a run must match golden/<name>.jsonl (optional).",
    "# [golden]",
    ...tableLines("golden", properties.golden as SchemaNode, { ...spec, from: undefined }).map((line) => (line.startsWith("# ") ? line : `# ${line}`)),
  );
  return `${out.join("\n")}\n`;
}
