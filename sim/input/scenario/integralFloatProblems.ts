import type { IntegralFloatAt } from "./readTomlFile.ts";
import { scenarioSchema } from "./scenarioSchema.ts";
import type { SourceOf } from "./schemaErrors.ts";
import { joinPath, type TomlPath } from "./tomlValue.ts";

/** A float written in `file` (`10.0`, `1e3`) whose value is an integer. */
export interface FileIntegralFloat extends IntegralFloatAt {
  readonly file: string;
}

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  /** One node for every item, or one per position of a pair (`cells = [min, max]`, an expectation's `steps`). */
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
}

function isTuple(items: SchemaNode | readonly SchemaNode[]): items is readonly SchemaNode[] {
  return Array.isArray(items);
}

function itemNode(node: SchemaNode, index: number): SchemaNode | undefined {
  return node.items === undefined || !isTuple(node.items) ? node.items : node.items[index];
}

/** The schema nodes that may describe the value at `path` (every anyOf branch that fits). */
function nodesAt(node: SchemaNode, path: TomlPath): SchemaNode[] {
  if (node.anyOf !== undefined) return node.anyOf.flatMap((branch) => nodesAt(branch, path));
  if (path.length === 0) return [node];
  const [head, ...rest] = path;
  const next = typeof head === "number" ? itemNode(node, head) : node.properties?.[head as string];
  return next === undefined ? [] : nodesAt(next, rest);
}

/**
 * The integral floats that sit where the scenario schema takes only integers: TOML
 * tells `10` from `10.0`, and the docs promise integers are written as integers. A float
 * a later file or an option replaced is not reported (`sourceOf` says who wrote the key).
 */
export function integralFloatProblems(floats: readonly FileIntegralFloat[], sourceOf: SourceOf): string[] {
  const problems: string[] = [];
  for (const float of floats) {
    const dotted = float.path.reduce<string>((path, key) => joinPath(path, key), "");
    if (sourceOf(dotted) !== float.file) continue;
    const nodes = nodesAt(scenarioSchema as SchemaNode, float.path).filter((node) => node.type === "integer" || node.type === "number");
    if (nodes.length === 0 || !nodes.every((node) => node.type === "integer")) continue;
    const value = Number(float.text);
    const example = Number.isSafeInteger(value) ? ` (${value}, not ${float.text})` : "";
    problems.push(`${float.file}: ${dotted} = ${float.text}: expected an integer, written without a fraction or exponent${example}`);
  }
  return problems;
}
