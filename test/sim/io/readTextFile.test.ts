import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { readTextFile } from "../../../sim/io/readTextFile.ts";
import { LIMITS } from "../../../sim/limits.ts";
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

  it("refuses a FIFO and a device before opening them (a FIFO without a writer would block forever)", () => {
    const dir = tempDir();
    execFileSync("mkfifo", [join(dir, "pipe")]);
    expect(() => readTextFile(join(dir, "pipe"), { kind: "scenario file", shown: "pipe" })).toThrow(
      new UserError("pipe: cannot read the scenario file (is a FIFO (a named pipe), not a regular file)"),
    );
    expect(() => readTextFile("/dev/zero", { kind: "scenario file" })).toThrow(new UserError("/dev/zero: cannot read the scenario file (is a device, not a regular file)"));
  });

  it("refuses a file over its size limit, naming the limit, and reads one at the limit", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), "x".repeat(LIMITS.artifactsFileBytes + 1));
    expect(() => readTextFile(join(dir, "a.json"), { kind: "manifest", shown: "a.json", maxBytes: "artifactsFileBytes" })).toThrow(
      new UserError(
        `a.json: the manifest is ${LIMITS.artifactsFileBytes + 1} bytes: expected at most ${LIMITS.artifactsFileBytes} (the harness's limit LIMITS.artifactsFileBytes; see docs/scenario-format.md, "Limits")`,
      ),
    );
    writeFileSync(join(dir, "a.json"), "x".repeat(LIMITS.artifactsFileBytes));
    expect(readTextFile(join(dir, "a.json"), { kind: "manifest", maxBytes: "artifactsFileBytes" })).toHaveLength(LIMITS.artifactsFileBytes);
  });

  it("refuses bytes that are not UTF-8, naming the line, the column and the byte", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "s.toml"), Buffer.concat([Buffer.from('a = 1\nb = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    expect(() => readTextFile(join(dir, "s.toml"), { kind: "scenario file", shown: "s.toml" })).toThrow(
      /^s\.toml:2:9: the scenario file is not UTF-8 text \(byte 0xE9 at line 2, column 9;/,
    );
  });
});
