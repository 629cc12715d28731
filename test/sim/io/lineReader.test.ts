import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { linesOfFile, linesOfText } from "../../../sim/io/lineReader.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-lines-");
const OPTIONS = { shown: "runs/r/metrics.jsonl", kind: "run's metrics.jsonl" };

describe("linesOfFile", () => {
  it("gives the lines of any text as linesOfText does, across chunk boundaries and multi-byte characters", () => {
    const dir = tempDir();
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constant("é".repeat(700_000))), { maxLength: 5 }), fc.boolean(), (parts, crlf) => {
        const text = parts.join(crlf ? "\r\n" : "\n");
        const path = join(dir, "x.jsonl");
        writeFileSync(path, text);
        expect([...linesOfFile(path, OPTIONS)]).toEqual([...linesOfText(text)]);
      }),
      { numRuns: 30 },
    );
  });

  it("reads on past the size the file had when opened: a file appended to while it is read (a live run's events.jsonl) gives every line", () => {
    const path = join(tempDir(), "events.jsonl");
    const line = (i: number): string => `{"event":"RUNNING","step":${i},"pad":"${"x".repeat(80)}"}\n`;
    const first = Array.from({ length: 200 }, (_, i) => line(i)).join("");
    const later = Array.from({ length: 700 }, (_, i) => line(200 + i)).join("") + "cut";
    writeFileSync(path, first);
    const lines = linesOfFile(path, OPTIONS);
    const seen = [lines.next().value];
    // The reader's buffer was sized for the file at open; what is appended now is read in several of its chunks.
    appendFileSync(path, later);
    seen.push(...lines);
    expect(seen).toEqual([...linesOfText(first + later)]);
  });

  it("numbers the lines, drops a CR before the newline and marks a last line without a newline", () => {
    expect([...linesOfText("a\r\nb\nc")]).toEqual([
      { text: "a", number: 1, terminated: true },
      { text: "b", number: 2, terminated: true },
      { text: "c", number: 3, terminated: false },
    ]);
  });

  it("refuses a line longer than the bound: exit 2 naming the file and the line, without reading it whole", () => {
    const path = join(tempDir(), "x.jsonl");
    writeFileSync(path, `ok\n${"x".repeat(3 * 1024 * 1024)}\n`);
    const read = (): unknown => [...linesOfFile(path, { ...OPTIONS, maxLineBytes: 1024 * 1024 })];
    expect(read).toThrow(UserError);
    expect(read).toThrow(/^runs\/r\/metrics\.jsonl:2: the line is longer than 1048576 bytes \(the harness's limit LIMITS\.lineBytes/);
  });

  it("names a file that cannot be read in words", () => {
    const dir = tempDir();
    expect(() => [...linesOfFile(join(dir, "missing"), OPTIONS)]).toThrow("runs/r/metrics.jsonl: cannot read the run's metrics.jsonl (no such file)");
    expect(() => [...linesOfFile(dir, OPTIONS)]).toThrow("runs/r/metrics.jsonl: cannot read the run's metrics.jsonl (is a directory)");
  });
});
