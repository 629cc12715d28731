import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { nodeGoldenStore } from "../../../../sim/verify/golden/nodeGoldenStore.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-golden-store-");

/** A project whose golden/ holds `a.jsonl` with `text`, and its store. */
function storeWithA(text: string): { dir: string; store: ReturnType<typeof nodeGoldenStore> } {
  const dir = tempDir();
  mkdirSync(join(dir, "golden"));
  writeFileSync(join(dir, "golden/a.jsonl"), text);
  return { dir, store: nodeGoldenStore(join(dir, "golden"), dir) };
}

describe("nodeGoldenStore.lines", () => {
  it("streams a golden file's lines, as read gives its text", async () => {
    const { store } = storeWithA('{"step":1,"x":1}\r\n{"step":2,"x":2}\n');
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
  });

  it("names a golden file outside the working directory by its absolute path, as every other message does (io/shownPath.ts)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "project"));
    mkdirSync(join(dir, "golden/b.jsonl"), { recursive: true });
    const store = nodeGoldenStore(join(dir, "golden"), join(dir, "project"));
    await expect(store.lines("b")).rejects.toThrow(`${join(dir, "golden/b.jsonl")}: cannot read the golden file (is a directory)`);
  });
});

describe("nodeGoldenStore.draft", () => {
  it("writes beside the golden file under a temporary name, which commit renames over it and discard removes", async () => {
    const { dir, store } = storeWithA("old\n");
    const draft = await store.draft("a");
    draft.write('{"step":1,"x":1}\n');
    draft.close();
    expect(draft.bytes).toBe(17);
    const temporaries = readdirSync(join(dir, "golden")).filter((entry) => entry !== "a.jsonl");
    expect(temporaries).toHaveLength(1);
    expect(temporaries[0]).toMatch(/^a\.jsonl\.\d+$/);
    // The draft is no golden file, the golden file keeps its bytes, and a stale-temporary scan would find it.
    expect(await store.list()).toEqual(["a"]);
    expect(readFileSync(join(dir, "golden/a.jsonl"), "utf8")).toBe("old\n");
    expect(await store.staleTemporaries(false)).toEqual([join("golden", temporaries[0] as string)]);
    expect([...draft.lines()].map((line) => line.text)).toEqual(['{"step":1,"x":1}']);
    draft.commit();
    expect(readdirSync(join(dir, "golden"))).toEqual(["a.jsonl"]);
    expect(readFileSync(join(dir, "golden/a.jsonl"), "utf8")).toBe('{"step":1,"x":1}\n');

    const dropped = await store.draft("a");
    dropped.write("half a fi");
    dropped.discard();
    dropped.discard();
    expect(readdirSync(join(dir, "golden"))).toEqual(["a.jsonl"]);
    expect(readFileSync(join(dir, "golden/a.jsonl"), "utf8")).toBe('{"step":1,"x":1}\n');
  });

  it("removes a golden/ it made when its drafts are all discarded, and keeps one that was there or holds a file", async () => {
    const dir = tempDir();
    const store = nodeGoldenStore(join(dir, "golden"), dir);
    const first = await store.draft("a");
    const second = await store.draft("b");
    first.write("x");
    second.write("y");
    first.discard();
    // The other draft still lives in it.
    expect(readdirSync(join(dir, "golden"))).toHaveLength(1);
    second.discard();
    expect(existsSync(join(dir, "golden"))).toBe(false);

    const kept = await store.draft("a");
    kept.write('{"step":1}\n');
    kept.close();
    kept.commit();
    const dropped = await store.draft("b");
    dropped.discard();
    expect(readdirSync(join(dir, "golden"))).toEqual(["a.jsonl"]);

    const { dir: existing, store: existingStore } = storeWithA("old\n");
    const other = await existingStore.draft("b");
    other.discard();
    expect(readdirSync(join(existing, "golden"))).toEqual(["a.jsonl"]);
    rmSync(join(existing, "golden/a.jsonl"));
    (await existingStore.draft("c")).discard();
    // The directory was the project's before the update: it stays, empty.
    expect(readdirSync(join(existing, "golden"))).toEqual([]);
  });

  it("takes a draft for stale only when the process that started it no longer runs", async () => {
    const { dir, store } = storeWithA("old\n");
    // The parent (the test runner) runs; no process has a pid of 99,999,999 (Linux's largest is 4,194,304).
    writeFileSync(join(dir, `golden/a.jsonl.${process.ppid}0001`), "in use");
    writeFileSync(join(dir, "golden/a.jsonl.999999990001"), "left by a killed update");
    writeFileSync(join(dir, "golden/a.jsonl.123"), "an older temporary name");
    expect(await store.staleTemporaries(true)).toEqual([join("golden", "a.jsonl.123"), join("golden", "a.jsonl.999999990001")]);
    expect(readdirSync(join(dir, "golden")).sort()).toEqual(["a.jsonl", `a.jsonl.${process.ppid}0001`]);
  });

  it("writes a text far longer than one batch whole, in order", async () => {
    const dir = tempDir();
    const store = nodeGoldenStore(join(dir, "golden"), dir);
    const draft = await store.draft("long");
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"step":${i + 1},"x":${i * 7}}\n`);
    for (const line of lines) draft.write(line);
    draft.commit();
    expect(readFileSync(join(dir, "golden/long.jsonl"), "utf8")).toBe(lines.join(""));
    expect(await store.bytes("long")).toBe(lines.join("").length);
  });
});
