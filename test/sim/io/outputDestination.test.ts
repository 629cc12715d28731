import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { writeOutputFile } from "../../../sim/io/atomicWrite.ts";
import { checkOutputDirectory, checkOutputFile, outputTarget } from "../../../sim/io/outputDestination.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-out-dest-");

describe("checkOutputFile", () => {
  it("accepts a new file, an existing file, and a file under directories still to be made, leaving nothing behind", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "old.xml"), "x");
    for (const path of ["new.xml", "old.xml", "a/b/c.xml"]) checkOutputFile(outputTarget("--output", dir, path));
    expect(readdirSync(dir)).toEqual(["old.xml"]);
  });

  it("refuses a directory, a device, a path under a file and a pseudo file system, naming the option and the path as typed", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "odir"));
    writeFileSync(join(dir, "afile"), "x");
    const refusal = (path: string) => () => checkOutputFile(outputTarget("--output", dir, path));
    expect(refusal("odir/")).toThrow(new UserError("--output odir/: cannot write there: it is a directory, and --output names the file to write"));
    expect(refusal("/dev/null")).toThrow(/^--output \/dev\/null: cannot write there: it exists and is not a regular file/);
    expect(refusal("afile/x.xml")).toThrow(new UserError(`--output afile/x.xml: cannot write there: ${join(dir, "afile")} is a file, not a directory`));
    expect(refusal("/proc/sim-x/c.xml")).toThrow(
      new UserError("--output /proc/sim-x/c.xml: cannot write there: nothing can be created in /proc (a pseudo file system such as /proc?)"),
    );
  });

  it("refuses a directory it may not write in (not as root, who may write anywhere)", () => {
    if (process.getuid?.() === 0) return;
    const dir = tempDir();
    mkdirSync(join(dir, "ro"));
    chmodSync(join(dir, "ro"), 0o500);
    expect(() => checkOutputFile(outputTarget("--out", dir, "ro/x.html"))).toThrow(/permission denied/);
    chmodSync(join(dir, "ro"), 0o700);
  });
});

describe("checkOutputDirectory", () => {
  it("accepts a missing or existing directory and refuses a file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "afile"), "x");
    checkOutputDirectory(outputTarget("--out", dir, "new/deeper"));
    checkOutputDirectory(outputTarget("--out", dir, "."));
    expect(existsSync(join(dir, "new"))).toBe(false);
    expect(() => checkOutputDirectory(outputTarget("--images", dir, "afile"))).toThrow(
      new UserError("--images afile: cannot write there: it is a file, and --images names a directory"),
    );
  });
});

describe("writeOutputFile", () => {
  it("makes the missing directories and writes the file whole, leaving no temporary file", () => {
    const dir = tempDir();
    writeOutputFile(outputTarget("--output", dir, "a/b/c.xml"), "<x/>\n");
    expect(readdirSync(join(dir, "a/b"))).toEqual(["c.xml"]);
  });
});
