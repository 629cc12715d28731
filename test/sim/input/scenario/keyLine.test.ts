import { describe, expect, it } from "vitest";
import { lineOfKey } from "../../../../sim/input/scenario/keyLine.ts";

const TEXT = [
  "#:schema ../schema/scenario.schema.json", // 1
  'description = "x"', // 2
  "", // 3
  "[run]", // 4
  "steps = 10", // 5
  "", // 6
  "[[dataset.groups]]", // 7
  'modality = "rna"', // 8
  "cells = 5", // 9
  "", // 10
  "[[dataset.groups]]", // 11
  'modality = "atac"', // 12
  "bss = 3  # a typo", // 13
  "", // 14
  "[ledger]", // 15
  "wipe_mode = 'none'", // 16
  '"group_cells" = 0', // 17
  "[[expect]]", // 18
  'metric = "a"', // 19
  "steps = [1,", // 20
  "  2]", // 21
  "golden.rel = 0.5", // 22
].join("\n");

describe("lineOfKey", () => {
  it("finds a key under its table header, an array entry by its index, quoted and dotted keys", () => {
    expect(lineOfKey(TEXT, "run.steps")).toBe(5);
    expect(lineOfKey(TEXT, "dataset.groups[0].cells")).toBe(9);
    expect(lineOfKey(TEXT, "dataset.groups[1].bss")).toBe(13);
    expect(lineOfKey(TEXT, "dataset.groups[1].modality")).toBe(12);
    expect(lineOfKey(TEXT, "ledger.group_cells")).toBe(17);
    expect(lineOfKey(TEXT, "expect[0].steps")).toBe(20);
    expect(lineOfKey(TEXT, "expect[0].golden.rel")).toBe(22);
    expect(lineOfKey(TEXT, "description")).toBe(2);
  });

  it("falls back to the nearest table the file writes, and to no line when it writes none", () => {
    expect(lineOfKey(TEXT, "run.seed")).toBe(4);
    expect(lineOfKey(TEXT, "dataset.groups[1].cells")).toBe(11);
    expect(lineOfKey(TEXT, "dataset.groups[1].cells[1]")).toBe(11);
    expect(lineOfKey(TEXT, "resume.at_step")).toBeUndefined();
    expect(lineOfKey(TEXT, "dataset.layout")).toBeUndefined();
  });
});
