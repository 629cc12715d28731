import { describe, expect, it } from "vitest";
import { ARRAY_TABLE_HEADERS, arrayOfTablesHint, otherTableHint, singleBracketHint } from "../../../../sim/input/scenario/structureHints.ts";

describe("structure hints", () => {
  it("know the format's arrays of tables from the schema", () => {
    expect([...ARRAY_TABLE_HEADERS].sort()).toEqual(["dataset.groups", "dataset.streams", "expect", "golden.tolerance"]);
  });

  it("name the double brackets for a single-bracket header of an array of tables, and nothing for a plain table", () => {
    expect(singleBracketHint("[dataset.streams]")).toContain("write each entry under [[dataset.streams]] (double brackets)");
    expect(singleBracketHint("  [ expect ]  # the checks")).toContain("[[expect]]");
    expect(singleBracketHint("[ledger]")).toBeUndefined();
    expect(singleBracketHint("[[dataset.streams]]")).toBeUndefined();
    expect(arrayOfTablesHint("golden.tolerance")).toBe("write each entry under [[golden.tolerance]] (double brackets: an array of tables), not [golden.tolerance]");
    expect(arrayOfTablesHint("run")).toBeUndefined();
  });

  it("name the table a key belongs to when it landed in another (a missing header)", () => {
    expect(otherTableHint("capacity", "dataset.streams[8]")).toBe("capacity is a key of [ledger]: is that header missing above it?");
    expect(otherTableHint("at_step", "ledger")).toBe("at_step is a key of [resume]: is that header missing above it?");
    expect(otherTableHint("modality", "dataset.streams[0]")).toBe("modality is a key of [[dataset.groups]]: is that header missing above it?");
    expect(otherTableHint("description", "ledger")).toBe("description is a top-level key: write it above the first table header");
    // bs is a key of [dataset] and of both arrays' entries.
    expect(otherTableHint("bs", "ledger")).toBe("bs is a key of [dataset] or [[dataset.groups]] or [[dataset.streams]]: is one of those headers missing above it?");
    expect(otherTableHint("zzz", "ledger")).toBeUndefined();
  });
});
