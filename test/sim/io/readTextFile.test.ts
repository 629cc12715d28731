import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { readTextFile } from "../../../sim/io/readTextFile.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-read-");

describe("readTextFile", () => {
  it("returns the file's text", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "héllo\n");
    expect(readTextFile(join(dir, "a.txt"), { kind: "note" })).toBe("héllo\n");
  });

  it("refuses a missing file as a user error naming the file, what it was meant to be and why", () => {
    expect(() => readTextFile("/nonexistent/s.json", { kind: "snapshot" })).toThrow(new UserError("/nonexistent/s.json: cannot read the snapshot (no such file)"));
  });

  it("names a directory as one, and shows the name it is given and the reason the file was read", () => {
    const dir = tempDir();
    expect(() => readTextFile(dir, { kind: "trace", shown: "runs/x", readBy: "named by --trace" })).toThrow(
      new UserError("runs/x: cannot read the trace (is a directory); named by --trace"),
    );
  });
});
