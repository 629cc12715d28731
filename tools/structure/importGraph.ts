import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** One import between two of the tree's own modules, as dependency-cruiser reads it. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** A type-only import (`import type`, or every name imported as a type), erased at run time. */
  readonly typeOnly: boolean;
}

interface CruisedModule {
  readonly source: string;
  readonly dependencies: readonly { readonly resolved: string; readonly coreModule: boolean; readonly couldNotResolve: boolean; readonly dependencyTypes: readonly string[] }[];
}

const DEPCRUISE = fileURLToPath(new URL("../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs", import.meta.url));
const GRAPH_CONFIG = fileURLToPath(new URL("./graphOnly.dependency-cruiser.mjs", import.meta.url));

/** The imports among the modules under `folders` of the tree at `root`, type-only ones included; packages and node:* are left out. */
export function importEdges(root: string, folders: readonly string[]): ImportEdge[] {
  const json = execFileSync(process.execPath, [DEPCRUISE, ...folders, "--config", GRAPH_CONFIG, "--output-type", "json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const modules = cruisedModules(JSON.parse(json));
  const own = new Set(modules.map((module) => module.source).filter((source) => !source.startsWith("node_modules/")));
  return modules.flatMap((module) =>
    own.has(module.source)
      ? module.dependencies
          .filter((dependency) => own.has(dependency.resolved))
          .map((dependency) => ({ from: module.source, to: dependency.resolved, typeOnly: dependency.dependencyTypes.includes("type-only") }))
      : [],
  );
}

/** The modules of dependency-cruiser's JSON report, checked for the fields read. */
function cruisedModules(report: unknown): CruisedModule[] {
  const modules: unknown = typeof report === "object" && report !== null && "modules" in report ? report.modules : undefined;
  if (!Array.isArray(modules) || !modules.every((module) => typeof module?.source === "string" && Array.isArray(module?.dependencies))) {
    throw new Error("dependency-cruiser's JSON report has no modules list: has its format changed?");
  }
  return modules;
}

/**
 * The circles of a graph, counted as its knots: each strongly connected component of
 * more than one module (or of one that imports itself) is one knot, however many
 * cycles run through it, so that a knot untied is one fewer whatever its size.
 * Tarjan's algorithm, iterative so that a long chain does not overflow the stack.
 */
export function importKnots(edges: readonly ImportEdge[]): string[][] {
  const names = [...new Set(edges.flatMap(({ from, to }) => [from, to]))];
  const id = new Map(names.map((name, i) => [name, i]));
  const next: number[][] = names.map(() => []);
  for (const { from, to } of edges) next[id.get(from) ?? 0]?.push(id.get(to) ?? 0);
  const index = new Array<number>(names.length).fill(-1);
  const low = new Array<number>(names.length).fill(0);
  const onStack = new Array<boolean>(names.length).fill(false);
  const stack: number[] = [];
  const knots: string[][] = [];
  let visited = 0;
  const enter = (node: number): void => {
    index[node] = low[node] = visited++;
    stack.push(node);
    onStack[node] = true;
  };
  for (let start = 0; start < names.length; start++) {
    if ((index[start] ?? -1) >= 0) continue;
    enter(start);
    const work: [node: number, child: number][] = [[start, 0]];
    for (let frame = work.at(-1); frame !== undefined; frame = work.at(-1)) {
      const [node, child] = frame;
      const children = next[node] ?? [];
      if (child < children.length) {
        frame[1] += 1;
        const target = children[child] ?? 0;
        if ((index[target] ?? -1) < 0) {
          enter(target);
          work.push([target, 0]);
        } else if (onStack[target]) low[node] = Math.min(low[node] ?? 0, index[target] ?? 0);
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] ?? 0, low[node] ?? 0);
      if (low[node] !== index[node]) continue;
      const knot: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = member === node ? undefined : stack.pop()) {
        onStack[member] = false;
        knot.push(names[member] ?? "");
      }
      if (knot.length > 1 || children.includes(node)) knots.push(knot.sort());
    }
  }
  return knots;
}

/**
 * The imports that go up the layers: `layerOf` gives a module's layer (its index in the
 * order, bottom first), or undefined for a module in none (src/, tools/, test/), whose
 * imports are not counted here.
 */
export function upwardImports(edges: readonly ImportEdge[], layerOf: (module: string) => number | undefined): ImportEdge[] {
  return edges.filter(({ from, to }) => {
    const [below, above] = [layerOf(from), layerOf(to)];
    return below !== undefined && above !== undefined && above > below;
  });
}
