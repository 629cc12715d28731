import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasRunMarker } from "../../../../sim/format/runMarker.ts";
import { prepareRunDirectory } from "../../../../sim/execute/run/runDirectory.ts";
import { RUN_MARKER } from "../../../../sim/format/runFiles.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-run-directory-");

/** A directory holding only a `.sim-run` with `text`, as a run killed while writing its marker leaves it. */
function dirWithMarker(text: string): string {
  const dir = join(tempDir(), "run");
  mkdirSync(dir);
  writeFileSync(join(dir, RUN_MARKER), text);
  return dir;
}

describe("prepareRunDirectory", () => {
  it("marks a missing or empty directory", () => {
    const missing = join(tempDir(), "new");
    prepareRunDirectory(missing);
    expect(hasRunMarker(missing)).toBe(true);
    const empty = join(tempDir(), "empty");
    mkdirSync(empty);
    prepareRunDirectory(empty);
    expect(readdirSync(empty)).toEqual([RUN_MARKER]);
    expect(hasRunMarker(empty)).toBe(true);
  });

  it("takes a directory whose only file is a marker killed while being written (empty, or the start of its text)", () => {
    const whole = readFileSync(join(dirPrepared(), RUN_MARKER), "utf8");
    for (const text of ["", whole.slice(0, 1), whole.slice(0, whole.length - 1), whole]) {
      const dir = dirWithMarker(text);
      prepareRunDirectory(dir);
      expect(readFileSync(join(dir, RUN_MARKER), "utf8"), JSON.stringify(text)).toBe(whole);
    }
  });

  it("refuses a directory whose .sim-run holds anything else, or sits beside a file a run does not write", () => {
    expect(() => prepareRunDirectory(dirWithMarker("{}\n"))).toThrow(/not a previous run directory/);
    const beside = dirWithMarker("");
    writeFileSync(join(beside, "keep.txt"), "mine");
    expect(() => prepareRunDirectory(beside)).toThrow(/not a previous run directory/);
    expect(readFileSync(join(beside, "keep.txt"), "utf8")).toBe("mine");
  });
});

/** A directory prepared for a run, to read the marker's whole text from. */
function dirPrepared(): string {
  const dir = join(tempDir(), "prepared");
  prepareRunDirectory(dir);
  return dir;
}
