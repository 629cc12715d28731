import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StagedFile } from "../../../sim/io/stagedFile.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-staged-file-");

describe("StagedFile", () => {
  it("leaves the target as it was until commit, then replaces it whole", () => {
    const dir = tempDir();
    const target = join(dir, "a.jsonl");
    writeFileSync(target, "old\n");
    const staged = new StagedFile(target, `${target}.1`);
    // More than one batch, with characters of several bytes: written in order, counted in bytes.
    const line = "é".repeat(1000) + "\n";
    for (let i = 0; i < 300; i++) staged.write(line);
    expect(readFileSync(target, "utf8")).toBe("old\n");
    staged.close();
    expect(staged.bytes).toBe(300 * 2001);
    expect(readFileSync(target, "utf8")).toBe("old\n");
    staged.commit();
    expect(readFileSync(target, "utf8")).toBe(line.repeat(300));
    expect(readdirSync(dir)).toEqual(["a.jsonl"]);
    // A discard after the commit touches nothing.
    staged.discard();
    expect(readFileSync(target, "utf8")).toBe(line.repeat(300));
  });

  it("discard, at any point, removes the temporary and keeps the target", () => {
    const dir = tempDir();
    const target = join(dir, "a.jsonl");
    writeFileSync(target, "old\n");
    const open = new StagedFile(target, `${target}.1`);
    open.write("half a li");
    open.discard();
    const closed = new StagedFile(target, `${target}.2`);
    closed.write("whole\n");
    closed.close();
    closed.discard();
    closed.discard();
    expect(readdirSync(dir)).toEqual(["a.jsonl"]);
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(() => closed.commit()).toThrow(/commit after discard/);
    expect(existsSync(target)).toBe(true);
  });

  it("refuses a write after close", () => {
    const dir = tempDir();
    const staged = new StagedFile(join(dir, "a"), join(dir, "a.1"));
    staged.close();
    expect(() => staged.write("x")).toThrow(/write after close/);
    staged.discard();
  });
});
