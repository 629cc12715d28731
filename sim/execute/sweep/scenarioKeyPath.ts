import { UserError } from "../../../src/errors.ts";
import { scenarioSchema } from "../../input/scenario/scenarioSchema.ts";
import { nearestKey } from "../../input/scenario/schemaErrors.ts";
import { isTable, type TomlTable, type TomlValue } from "../../input/scenario/tomlValue.ts";

/** One step of a key path: a table key, or an index into an array (`dataset.groups[1].bs`). */
type Segment = { readonly key: string } | { readonly index: number };

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

/** Keys a sweep may not vary: the scenario's name names every config, so the scheme sets it. */
const UNSWEEPABLE = new Set(["run.name", "sweep"]);

/** Every key path the scenario schema declares through tables (not into arrays), for did-you-mean. */
export const SCENARIO_KEY_PATHS: readonly string[] = listPaths(scenarioSchema as SchemaNode, "");

function listPaths(node: SchemaNode, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (path === "sweep") continue;
    out.push(path);
    out.push(...listPaths(child, path));
  }
  return out;
}

/**
 * Parses a swept key (`ledger.stale_threshold`, `dataset.groups[0].bs`) and checks that
 * the scenario schema declares it; an unknown key is refused with the nearest known one.
 * `where` says where the key was written, for the message.
 */
export function parseScenarioKeyPath(path: string, where: string): readonly Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split(".")) {
    const match = /^([A-Za-z0-9_-]+)((?:\[\d+\])*)$/.exec(part);
    if (match === null) throw new UserError(`${where}: "${path}" is not a key path: expected dotted keys such as "ledger.capacity" or "dataset.groups[0].bs"`);
    segments.push({ key: match[1] as string });
    for (const index of (match[2] as string).matchAll(/\[(\d+)\]/g)) segments.push({ index: Number(index[1]) });
  }
  const bare = path.replace(/\[\d+\]/g, "");
  if (UNSWEEPABLE.has(bare))
    throw new UserError(`${where}: "${path}" cannot be swept: ${bare === "run.name" ? "each config is named by the scheme in docs/sweeps.md" : "a sweep cannot sweep itself"}`);
  let node: SchemaNode | undefined = scenarioSchema as SchemaNode;
  for (const segment of segments) {
    node = "key" in segment ? node?.properties?.[segment.key] : node?.items;
    if (node === undefined) {
      const near = nearestKey(bare, SCENARIO_KEY_PATHS);
      throw new UserError(`${where}: "${path}" is not a scenario key${near ? ` (did you mean "${near}"?)` : ""}; docs/scenario-format.md lists the keys`);
    }
  }
  return segments;
}

/**
 * Sets `value` at `segments` in `document`, creating missing tables on the way. An index
 * must name an element that exists: a sweep varies a key of an existing array element,
 * it does not invent elements.
 */
export function setAtKeyPath(document: TomlTable, segments: readonly Segment[], value: TomlValue, path: string, where: string): void {
  let node: TomlValue = document;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if ("key" in segment) {
      if (!isTable(node)) throw new UserError(`${where}: cannot set "${path}": the scenario's value before .${segment.key} is not a table`);
      if (last) node[segment.key] = value;
      else {
        if (node[segment.key] === undefined) node[segment.key] = {};
        node = node[segment.key] as TomlValue;
      }
    } else {
      if (!Array.isArray(node) || segment.index >= node.length) {
        throw new UserError(`${where}: cannot set "${path}": the scenario has no element [${segment.index}] there`);
      }
      if (last) node[segment.index] = value;
      else node = node[segment.index] as TomlValue;
    }
  });
}
