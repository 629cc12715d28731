import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppendOnlyFile, type LineBytesEncoder } from "../../../../sim/execute/run/appendOnlyFile.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-append-");

describe("AppendOnlyFile", () => {
  it("batches lines: nothing reaches the file until a flush, a full batch or close", () => {
    const path = join(tempDir(), "x.jsonl");
    const file = new AppendOnlyFile(path);
    file.appendLine("a");
    expect(readFileSync(path, "utf8")).toBe("");
    file.flush();
    expect(readFileSync(path, "utf8")).toBe("a\n");
    file.appendLine("b");
    file.close();
    expect(readFileSync(path, "utf8")).toBe("a\nb\n");
    expect(() => file.appendLine("c")).toThrow(/closed/);
  });

  it("writes a full batch without a flush, and shows every byte written to onWrite in order", () => {
    const path = join(tempDir(), "x.jsonl");
    const hash = createHash("sha256");
    const file = new AppendOnlyFile(path, { onWrite: (text) => hash.update(text) });
    const line = "x".repeat(999);
    for (let i = 0; i < 100; i++) file.appendLine(`${i}${line}`);
    expect(readFileSync(path, "utf8").length).toBeGreaterThan(0);
    file.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")).toHaveLength(101);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("writes and shows the same bytes for multi-byte text, in the reused buffer and in a batch too long for it", () => {
    const path = join(tempDir(), "x.jsonl");
    const hash = createHash("sha256");
    const file = new AppendOnlyFile(path, { onWrite: (bytes) => hash.update(bytes) });
    for (let i = 0; i < 200; i++) file.appendLine(`${i} é€😀 ${"ü".repeat(500)}`);
    file.appendLine("€".repeat(300_000));
    file.appendLine("end");
    file.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")).toHaveLength(203);
    expect(text.endsWith(`${"€".repeat(300_000)}\nend\n`)).toBe(true);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("keeps the order of lines appended as strings and as encoded bytes, across batches, and shows every byte to onWrite", () => {
    const path = join(tempDir(), "x.jsonl");
    const hash = createHash("sha256");
    const file = new AppendOnlyFile(path, { onWrite: (bytes) => hash.update(bytes) });
    const bytesOf = (line: string): LineBytesEncoder => ({ encodeInto: (target, at) => at + target.write(`${line}\n`, at) });
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const line = `${i} ${"é".repeat(i % 7 === 0 ? 2000 : 40)}`;
      if (i % 3 === 0) file.appendLine(line);
      else file.appendEncoded(Buffer.byteLength(line) + 1, bytesOf(line));
      expected.push(line);
    }
    // A line longer than the reused buffer gets its own.
    const long = "x".repeat(600_000);
    file.appendEncoded(long.length + 1, bytesOf(long));
    expected.push(long);
    file.close();
    const text = readFileSync(path, "utf8");
    expect(text).toBe(expected.map((line) => `${line}\n`).join(""));
    expect(hash.digest("hex")).toBe(createHash("sha256").update(text).digest("hex"));
    expect(() => file.appendEncoded(2, bytesOf("c"))).toThrow(/closed/);
  });
});
