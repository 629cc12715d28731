import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/**
 * Every file the harness reads back is validated before use: a snapshot, trace or golden
 * damaged at random (bytes flipped, cut short, a field deleted or replaced) gives exit 0,
 * 1 or 2 with a message, never an internal error (exit 3) or an exception escaping main.
 */

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/bad-input");
let dir: string;
let cleanup: () => void;
let snapshotText: string;
let traceText: string;
let goldenText: string;

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir("sim-corrupt-"));
  cpSync(FIXTURES, dir, { recursive: true });
  expect((await runMain(["run", "scenarios/valid.toml", "--out", "gen", "--trace", "--snapshot-every", "4"], { cwd: dir })).status).toBe(0);
  expect((await runMain(["check", "scenarios/valid.toml", "--update"], { cwd: dir })).status).toBe(0);
  snapshotText = readFileSync(join(dir, "gen/snapshots/step-8.json"), "utf8");
  traceText = readFileSync(join(dir, "gen/trace.jsonl"), "utf8");
  goldenText = readFileSync(join(dir, "golden/valid.jsonl"), "utf8");
});

afterAll(() => cleanup?.());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

/** The document with the value at `path` deleted (or replaced by `replacement`). */
function editAt(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json> | Json[];
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<string | number, Json>)[last];
  } else {
    (parent as Record<string | number, Json>)[last] = replacement;
  }
  return copy;
}

/** One random corruption of a text: bytes flipped, cut short, or (for JSON) a field deleted or replaced. */
function corruption(text: string, json: "document" | "lines"): fc.Arbitrary<Buffer> {
  const bytes = Buffer.from(text);
  const flip = fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
    const copy = Buffer.from(bytes);
    for (const [at, byte] of flips) copy[at] = byte;
    return copy;
  });
  const truncate = fc.nat({ max: bytes.length - 1 }).map((length) => bytes.subarray(0, length));
  const lines = text.split("\n").filter((l) => l !== "");
  const edit = fc.tuple(fc.nat({ max: json === "lines" ? lines.length - 1 : 0 }), fc.nat(), fc.option(fc.jsonValue(), { nil: undefined })).map(([lineIndex, pick, replacement]) => {
    const source = json === "lines" ? (lines[lineIndex] as string) : text;
    const document = JSON.parse(source) as Json;
    const paths = pathsOf(document);
    const edited = JSON.stringify(editAt(document, paths[pick % paths.length] as (string | number)[], replacement as Json | undefined));
    if (json === "document") return Buffer.from(edited);
    const copy = [...lines];
    copy[lineIndex] = edited;
    return Buffer.from(copy.join("\n") + "\n");
  });
  return fc.oneof(flip, truncate, edit);
}

async function expectCleanRefusal(argv: string[]): Promise<void> {
  const result = await runMain(argv, { cwd: dir });
  expect([0, 1, 2], `exit ${result.status}: ${result.stderr}`).toContain(result.status);
  expect(result.stderr).not.toContain("internal error");
}

describe("corrupted files read back", () => {
  it("a corrupted snapshot: --resume-from exits 0, 1 or 2", async () => {
    await fc.assert(
      fc.asyncProperty(corruption(snapshotText, "document"), async (bytes) => {
        writeFileSync(join(dir, "snap.json"), bytes);
        await expectCleanRefusal(["run", "scenarios/valid.toml", "--resume-from", "snap.json", "--out", "resumed"]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("a corrupted trace: ledger-replay and explain exit 0, 1 or 2", async () => {
    await fc.assert(
      fc.asyncProperty(corruption(traceText, "lines"), fc.integer({ min: 1, max: 12 }), async (bytes, step) => {
        writeFileSync(join(dir, "gen/trace.jsonl"), bytes);
        await expectCleanRefusal(["ledger-replay", "gen/trace.jsonl", "--capacity", "2,4"]);
        await expectCleanRefusal(["explain", "gen", "--step", String(step)]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("a corrupted golden: check exits 0, 1 or 2", async () => {
    await fc.assert(
      fc.asyncProperty(corruption(goldenText, "lines"), async (bytes) => {
        writeFileSync(join(dir, "golden/valid.jsonl"), bytes);
        await expectCleanRefusal(["check", "scenarios/valid.toml"]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
