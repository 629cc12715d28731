import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { makeDirectory } from "../../../sim/io/makeDirectory.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-mkdir-");

describe("makeDirectory", () => {
  it("creates missing levels", () => {
    const dir = join(tempDir(), "a/b/c");
    makeDirectory(dir, "--out");
    expect(existsSync(dir)).toBe(true);
  });

  it("refuses a path under a file (ENOTDIR) and under /proc as a UserError, without looping", () => {
    const root = tempDir();
    writeFileSync(join(root, "afile"), "x");
    expect(() => makeDirectory(join(root, "afile/sub"), "--out")).toThrow(UserError);
    expect(() => makeDirectory(join(root, "afile/sub"), "--out")).toThrow(/afile is a file, not a directory/);
    expect(() => makeDirectory("/proc/sim-out/x", "--out")).toThrow(UserError);
  });
});
