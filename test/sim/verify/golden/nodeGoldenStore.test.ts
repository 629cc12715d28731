import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { nodeGoldenStore } from "../../../../sim/verify/golden/nodeGoldenStore.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-golden-store-");

describe("nodeGoldenStore.lines", () => {
  it("streams a golden file's lines, as read gives its text", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "golden"));
    writeFileSync(join(dir, "golden/a.jsonl"), '{"step":1,"x":1}\r\n{"step":2,"x":2}\n');
    const store = nodeGoldenStore(join(dir, "golden"), dir);
    const lines = await store.lines("a");
    expect([...(lines ?? [])]).toEqual([
      { text: '{"step":1,"x":1}', number: 1, terminated: true },
      { text: '{"step":2,"x":2}', number: 2, terminated: true },
    ]);
  });

  it("gives undefined for a missing file and refuses a directory in a golden file's place", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "golden/b.jsonl"), { recursive: true });
    const store = nodeGoldenStore(join(dir, "golden"), dir);
    expect(await store.lines("absent")).toBeUndefined();
    await expect(store.lines("b")).rejects.toThrow(UserError);
    await expect(store.lines("b")).rejects.toThrow("golden/b.jsonl: cannot read the golden file (is a directory); remove it or move it aside");
    await expect(store.read("b")).rejects.toThrow("golden/b.jsonl: cannot read the golden file (is a directory); remove it or move it aside");
  });
});
