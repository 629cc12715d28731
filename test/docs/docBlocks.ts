import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The fenced code blocks of the docs, for the doc test (docCommands.test.ts).
 *
 * The convention every doc follows:
 * - A block of commands is fenced ```sh (or bash, shell). It must run as written, top
 *   to bottom, in a fresh clone after the setup (`npm install`), each line in the order
 *   of the docs (README.md first, then docs/*.md by name): every file a line reads is
 *   made by the repository or by a line above it.
 * - A command block that cannot run so (it needs a cluster, Python's tensorboard, or
 *   many minutes) starts with a visible first line `# illustrative: <why>`: the doc test
 *   lists it and skips it by name. Keep them few.
 * - Every other block names its language (text, toml, json, jsonl, ts, ...): a fence
 *   without one is refused, so that no command hides from the test.
 */

export interface DocBlock {
  /** The file, relative to the repository, and the line of the opening fence: `docs/sweeps.md:163`. */
  readonly where: string;
  readonly language: string;
  readonly body: string;
  /** Why the block is skipped, from its `# illustrative: <why>` first line. */
  readonly illustrative?: string;
}

export const SHELL_LANGUAGES = new Set(["sh", "bash", "shell"]);
const ILLUSTRATIVE = /^# illustrative: (.+)$/;

/** The documents the doc test reads, in the order it runs their blocks. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => `docs/${file}`);
  return ["README.md", ...docs];
}

/** Every fenced block of one Markdown text, in order. */
export function blocksOf(file: string, text: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[1]!;
    const language = open[2]!.trim();
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== fence; i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`${file}:${start + 1}: a code fence that is never closed`);
    const first = ILLUSTRATIVE.exec(body[0] ?? "");
    blocks.push({ where: `${file}:${start + 1}`, language, body: body.join("\n"), ...(first === null ? {} : { illustrative: first[1]! }) });
  }
  return blocks;
}

/** Every block of every doc, in the doc test's order. */
export function allDocBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((file) => blocksOf(file, readFileSync(join(root, file), "utf8")));
}
