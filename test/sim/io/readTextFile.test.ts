import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { readTextFile } from "../../../sim/io/readTextFile.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("readTextFile", () => {
  it("returns the file's text", () => {
    dir = mkdtempSync(join(tmpdir(), "sim-read-"));
    writeFileSync(join(dir, "a.txt"), "héllo\n");
    expect(readTextFile(join(dir, "a.txt"), { kind: "note" })).toBe("héllo\n");
  });

  it("refuses a missing file as a user error naming the file, what it was meant to be and why", () => {
    expect(() => readTextFile("/nonexistent/s.json", { kind: "snapshot" })).toThrow(new UserError("/nonexistent/s.json: cannot read the snapshot (no such file)"));
  });

  it("names a directory as one, and shows the name it is given and the reason the file was read", () => {
    dir = mkdtempSync(join(tmpdir(), "sim-read-"));
    expect(() => readTextFile(dir as string, { kind: "trace", shown: "runs/x", readBy: "named by --trace" })).toThrow(
      new UserError("runs/x: cannot read the trace (is a directory); named by --trace"),
    );
  });
});
