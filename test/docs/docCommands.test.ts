import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { allDocBlocks, SHELL_LANGUAGES } from "./docBlocks.ts";

/**
 * The docs paste: every shell block of README.md and docs/*.md runs as written, top to
 * bottom, in a temporary copy of the repository as a fresh clone has it (the files git
 * tracks, plus new ones not ignored, so that a doc change is tested before its commit),
 * after the setup: node_modules and the build (dist/, which the global setup made) are
 * linked in. Blocks share the copy, so a later block uses what an earlier one wrote,
 * as a reader following the docs would. The conventions (an `# illustrative: <why>`
 * first line skips a block by name; every fence names its language) are in docBlocks.ts
 * and docs/README.md.
 *
 * CI is unset for the blocks: they are what a user types at a terminal, where
 * `sim check --update` is allowed. `npx sim ...` runs the copy's bin/sim.js, which is
 * what npx resolves it to in the repository, and `npx <tool>` a dependency's bin in
 * node_modules/.bin (`npx taplo`), which is what npx runs when the project has it,
 * through a small `npx` put first on PATH: npm's own start-up would be most of the
 * test's CPU time (about 1.5 s a line). Any other `npx` command goes to the real npx.
 */

const blocks = allDocBlocks(PROJECT_ROOT);
const shell = blocks.filter((block) => SHELL_LANGUAGES.has(block.language));

let temp: { dir: string; cleanup: () => void };
let copy: string;
/** The directory of the `npx` shim, first on the blocks' PATH. */
let shimDir: string;
/** The copy's files before any block ran. */
let copied: Set<string>;

beforeAll(() => {
  temp = makeTempDir("sim-doc-");
  copy = join(temp.dir, "repo");
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: PROJECT_ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "");
  copied = new Set(files);
  // node_modules and dist are linked in, whatever git lists of them (a worktree's link).
  for (const file of files.filter((path) => !/^(node_modules|dist)(\/|$)/.test(path))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    // Regular files only: a tracked file deleted in the working tree is not part of the
    // docs' world, and a link (a worktree's node_modules) is linked below or not at all.
    const source = join(PROJECT_ROOT, file);
    if (existsSync(source) && lstatSync(source).isFile()) copyFileSync(source, join(copy, file));
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  symlinkSync(join(PROJECT_ROOT, "dist"), join(copy, "dist"), "dir");
  // A repository of its own (nothing committed), for git check-ignore at the end.
  execFileSync("git", ["init", "--quiet"], { cwd: copy });
  shimDir = join(temp.dir, "bin");
  mkdirSync(shimDir);
  const realNpx = execFileSync("bash", ["-c", "command -v npx"], { encoding: "utf8" }).trim();
  writeFileSync(
    join(shimDir, "npx"),
    [
      "#!/usr/bin/env bash",
      `if [ "$1" = sim ]; then shift; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(copy, "bin/sim.js"))} "$@"; fi`,
      `if [ -n "$1" ] && [ "\${1#*/}" = "$1" ] && [ -x ${JSON.stringify(join(copy, "node_modules/.bin"))}/"$1" ]; then tool="$1"; shift; exec ${JSON.stringify(join(copy, "node_modules/.bin"))}/"$tool" "$@"; fi`,
      `exec ${JSON.stringify(realNpx)} "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
});

afterAll(() => temp?.cleanup());

describe("the docs' fenced blocks", () => {
  it("each name their language, so that no command block goes untested", () => {
    expect(blocks.filter((block) => block.language === "").map((block) => block.where)).toEqual([]);
  });

  it("mark few blocks illustrative", () => {
    expect(shell.filter((block) => block.illustrative !== undefined).length).toBeLessThanOrEqual(8);
  });
});

describe("every shell block of the docs, in order, in a fresh copy of the repository", () => {
  for (const block of shell) {
    if (block.illustrative !== undefined) {
      it.skip(`${block.where} (illustrative: ${block.illustrative})`, () => undefined);
      continue;
    }
    it(`${block.where} runs as written`, () => {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shimDir}:${process.env.PATH ?? ""}`, npm_config_update_notifier: "false", FORCE_COLOR: "0" };
      delete env.CI;
      const result = spawnSync("bash", ["-e", "-o", "pipefail", "-c", block.body], { cwd: copy, encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
      expect(result.status, `${block.where} exited ${result.status}:\n${block.body}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`).toBe(0);
    }, 600_000);
  }
});

/** Every file under `dir` (relative to it), not following links (node_modules, dist). */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isSymbolicLink() || path === ".git") return [];
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

describe("what the docs' commands write", () => {
  it("is all covered by .gitignore", () => {
    // A scenario file a doc has the reader write (sim new) is a source to keep, not output.
    const made = filesUnder(copy).filter((file) => !copied.has(file) && !file.endsWith(".toml"));
    expect(made.length).toBeGreaterThan(0);
    const check = spawnSync("git", ["check-ignore", "--no-index", "--verbose", "--non-matching", "--stdin"], { cwd: copy, input: made.join("\n"), encoding: "utf8" });
    const notIgnored = check.stdout
      .split("\n")
      .filter((line) => line.startsWith("::"))
      .map((line) => line.slice(2).trim());
    expect(notIgnored).toEqual([]);
  });
});
