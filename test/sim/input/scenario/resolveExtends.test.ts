import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { resolveExtends } from "../../../../sim/input/scenario/resolveExtends.ts";
import { scenarioFilesPerTest } from "./scenarioFiles.ts";

const files = scenarioFilesPerTest();

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("resolveExtends", () => {
  it("merges tables deeply, replaces arrays and scalars, and drops the extends key", () => {
    const { path } = files({
      "parent.toml": `
description = "parent"
[run]
steps = 10
seed = 1
[dataset]
bs = 8
num_streams_mixed = 2
[[dataset.groups]]
modality = "rna"
streams = 2
cells = 100
[[dataset.groups]]
modality = "atac"
streams = 1
cells = 50
`,
      "child.toml": `
extends = "parent.toml"
[run]
seed = 2
[dataset]
bs = 16
[[dataset.groups]]
modality = "protein"
streams = 1
cells = [1, 2]
`,
    });
    const { merged, chain } = resolveExtends(path("child.toml"));
    expect(merged).toEqual({
      description: "parent",
      run: { steps: 10, seed: 2 },
      dataset: { bs: 16, num_streams_mixed: 2, groups: [{ modality: "protein", streams: 1, cells: [1, 2] }] },
    });
    expect(chain).toEqual([path("child.toml"), path("parent.toml")]);
  });

  it("follows a chain of three files, each overriding what it inherits", () => {
    const { path } = files({
      "a.toml": `[run]\nsteps = 1\nseed = 1\nworld_size = 1\n`,
      "b.toml": `extends = "a.toml"\n[run]\nseed = 2\nworld_size = 2\n`,
      "c.toml": `extends = "b.toml"\n[run]\nworld_size = 3\n`,
    });
    const { merged, chain, provenance } = resolveExtends(path("c.toml"));
    expect(merged).toEqual({ run: { steps: 1, seed: 2, world_size: 3 } });
    expect(chain).toEqual([path("c.toml"), path("b.toml"), path("a.toml")]);
    expect(provenance.sourceOf("run.steps")).toBe(path("a.toml"));
    expect(provenance.sourceOf("run.seed")).toBe(path("b.toml"));
    expect(provenance.sourceOf("run.world_size")).toBe(path("c.toml"));
  });

  it("resolves extends relative to the file that names it", () => {
    const { path } = files({ "base.toml": `[run]\nsteps = 4\n`, "child.toml": `extends = "./base.toml"\n` });
    expect(resolveExtends(path("child.toml")).merged).toEqual({ run: { steps: 4 } });
  });

  it("refuses a cycle and shows the chain", () => {
    const { path } = files({ "a.toml": `extends = "b.toml"\n`, "b.toml": `extends = "a.toml"\n` });
    const error = errorOf(() => resolveExtends(path("a.toml")));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`${path("a.toml")}: extends forms a cycle: ${path("a.toml")} -> ${path("b.toml")} -> ${path("a.toml")}`);
  });

  it("refuses a file that extends itself", () => {
    const { path } = files({ "self.toml": `extends = "self.toml"\n` });
    expect(errorOf(() => resolveExtends(path("self.toml"))).message).toBe(`${path("self.toml")}: extends forms a cycle: ${path("self.toml")} -> ${path("self.toml")}`);
  });

  it("names a missing extends target with the chain that led to it", () => {
    const { path } = files({ "a.toml": `extends = "b.toml"\n`, "b.toml": `extends = "gone.toml"\n` });
    const error = errorOf(() => resolveExtends(path("a.toml")));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`${path("gone.toml")}: cannot read the scenario file (no such file); extends chain: ${path("a.toml")} -> ${path("b.toml")} -> ${path("gone.toml")}`);
  });

  it("refuses an extends that is not a string", () => {
    const { path } = files({ "a.toml": `extends = 3\n` });
    expect(errorOf(() => resolveExtends(path("a.toml"))).message).toBe(
      `${path("a.toml")}: extends = 3: expected the path of the scenario file to extend (a non-empty string, relative to this file)`,
    );
  });
});
