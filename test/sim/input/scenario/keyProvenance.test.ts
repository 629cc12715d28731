import { describe, expect, it } from "vitest";
import { KeyProvenance, parentPath } from "../../../../sim/input/scenario/keyProvenance.ts";
import { mergeTables } from "../../../../sim/input/scenario/mergeTables.ts";
import type { TomlTable } from "../../../../sim/input/scenario/tomlValue.ts";

describe("parentPath", () => {
  it("walks up dotted paths and array indices", () => {
    expect(parentPath("dataset.groups[1].bs")).toBe("dataset.groups[1]");
    expect(parentPath("dataset.groups[1]")).toBe("dataset.groups");
    expect(parentPath("dataset")).toBeUndefined();
  });
});

describe("mergeTables with provenance", () => {
  it("attributes each key to the last file that wrote it, and an array to the file that replaced it", () => {
    const provenance = new KeyProvenance("leaf.toml");
    const merged = {};
    mergeTables(merged, { run: { steps: 1, seed: 2 }, dataset: { groups: [{ modality: "rna", bss: 1 }] } }, "root.toml", provenance);
    expect(provenance.sourceOf("dataset.groups[0].bss")).toBe("root.toml");
    mergeTables(merged, { run: { seed: 3 }, dataset: { groups: [{ modality: "atac" }] } }, "leaf.toml", provenance);
    expect(merged).toEqual({ run: { steps: 1, seed: 3 }, dataset: { groups: [{ modality: "atac" }] } });
    expect(provenance.sourceOf("run.steps")).toBe("root.toml");
    expect(provenance.sourceOf("run.seed")).toBe("leaf.toml");
    expect(provenance.sourceOf("dataset.groups[0].modality")).toBe("leaf.toml");
    expect(provenance.sourceOf("nowhere.key")).toBe("leaf.toml");
  });

  it("does not share arrays or tables with the file it copied them from", () => {
    const source = { dataset: { groups: [{ modality: "rna" }] } };
    const merged: TomlTable = {};
    mergeTables(merged, source, "a.toml", new KeyProvenance("a.toml"));
    (merged.dataset as unknown as { groups: { modality: string }[] }).groups[0]!.modality = "changed";
    expect(source.dataset.groups[0]!.modality).toBe("rna");
  });
});
