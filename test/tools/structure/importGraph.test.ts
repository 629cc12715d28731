import { describe, expect, it } from "vitest";
import { importKnots, upwardImports, type ImportEdge } from "../../../tools/structure/importGraph.ts";

const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

describe("importKnots", () => {
  it("counts each strongly connected component once, however many cycles run through it, and a self-import as one", () => {
    const edges = [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("b", "a"), edge("c", "d"), edge("e", "f"), edge("f", "e", true), edge("g", "g"), edge("h", "a")];
    expect(importKnots(edges)).toEqual([["a", "b", "c"], ["e", "f"], ["g"]]);
  });

  it("finds no knot in a graph without a cycle, even a long chain", () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => edge(`m${i}`, `m${i + 1}`));
    expect(importKnots(chain)).toEqual([]);
    expect(importKnots([...chain, edge("m50000", "m0")])).toHaveLength(1);
  });
});

describe("upwardImports", () => {
  it("keeps the imports from a lower layer to a higher one, and none from or to a module in no layer", () => {
    const layers: Record<string, number> = { io: 0, run: 1, cli: 2 };
    const edges = [edge("io", "run"), edge("run", "io"), edge("cli", "run"), edge("run", "cli"), edge("src", "cli"), edge("io", "tools")];
    expect(upwardImports(edges, (module) => layers[module])).toEqual([edge("io", "run"), edge("run", "cli")]);
  });
});
