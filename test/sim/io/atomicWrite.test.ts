import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../sim/execute/run/scenarioHash.ts";
import { writeLinesAtomicallySync } from "../../../sim/io/atomicWrite.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-atomic-write-");

describe("writeLinesAtomicallySync", () => {
  it("writes each line with a line break, in batches, under a temporary name renamed into place", () => {
    const dir = tempDir();
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    writeLinesAtomicallySync(join(dir, "out.txt"), lines);
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe(lines.map((line) => `${line}\n`).join(""));
    expect(readdirSync(dir)).toEqual(["out.txt"]);
  });

  it("hands beforeRename the sha256 of the bytes written while the old file is still in place, at the temporary path asked for", () => {
    const dir = tempDir();
    const file = join(dir, "summary.csv");
    writeFileSync(file, "old\n");
    const temporary = `${file}.4242`;
    const seen: { sha256: string; inPlace: string; temporaryThere: boolean }[] = [];
    writeLinesAtomicallySync(file, ["a,b", "1,2"], {
      temporary,
      beforeRename: (sha256) => seen.push({ sha256, inPlace: readFileSync(file, "utf8"), temporaryThere: existsSync(temporary) }),
    });
    expect(seen).toEqual([{ sha256: sha256Hex("a,b\n1,2\n"), inPlace: "old\n", temporaryThere: true }]);
    expect(readFileSync(file, "utf8")).toBe("a,b\n1,2\n");
    expect(readdirSync(dir)).toEqual(["summary.csv"]);
  });

  it("removes the temporary file and leaves the old one when a line cannot be made, without calling beforeRename", () => {
    const dir = tempDir();
    const file = join(dir, "out.txt");
    writeFileSync(file, "old\n");
    const lines = function* (): Generator<string> {
      yield "first";
      throw new Error("a bad input line");
    };
    let called = false;
    expect(() => writeLinesAtomicallySync(file, lines(), { beforeRename: () => (called = true) })).toThrow("a bad input line");
    expect(called).toBe(false);
    expect(readdirSync(dir)).toEqual(["out.txt"]);
    expect(readFileSync(file, "utf8")).toBe("old\n");
  });
});
