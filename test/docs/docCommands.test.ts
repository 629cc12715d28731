import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../sim/io/clock.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runBuiltMain } from "../helpers/runMain.ts";
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
 * `sim check --update` is allowed. A small `npx` put first on PATH stands for npm's
 * (whose own start-up would be most of the test's CPU time, about 1.5 s a line): `npx
 * <tool>` runs a dependency's bin in node_modules/.bin (`npx taplo`), which is what npx
 * runs when the project has it, and any other `npx` command goes to the real npx. `npx
 * sim ...` is the built CLI (what bin/sim.js runs, and npx resolves `sim` to in the
 * repository) run in this process: the shim hands its arguments and working directory
 * to the test over a local socket (simServer), the command runs as `runBuiltMain` runs
 * it, with the blocks' environment and the real clock, and the shim prints its stdout
 * and stderr and exits with its exit code. A command then costs its own work, not a
 * Node start-up and a load of the CLI's modules (about 0.3 s of CPU a line, most of the
 * test's); the bin itself, a process's exit code and its streams are e2e/bin.test.ts's.
 */

const blocks = allDocBlocks(PROJECT_ROOT);
const shell = blocks.filter((block) => SHELL_LANGUAGES.has(block.language));

let temp: { dir: string; cleanup: () => void };
let copy: string;
/** The directory of the `npx` shim, first on the blocks' PATH. */
let shimDir: string;
/** The blocks' environment: the test's, with the shim first on PATH and CI unset. */
let blockEnv: NodeJS.ProcessEnv;
/** Where the shim's `npx sim` commands run (simServer). */
let server: Server;
/** The copy's files before any block ran. */
let copied: Set<string>;

beforeAll(async () => {
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
  blockEnv = { ...process.env, PATH: `${shimDir}:${process.env.PATH ?? ""}`, npm_config_update_notifier: "false", FORCE_COLOR: "0" };
  delete blockEnv.CI;
  server = await simServer();
  const port = (server.address() as AddressInfo).port;
  const realNpx = execFileSync("bash", ["-c", "command -v npx"], { encoding: "utf8" }).trim();
  const bin = JSON.stringify(join(copy, "node_modules/.bin"));
  writeFileSync(
    join(shimDir, "npx"),
    [
      "#!/usr/bin/env bash",
      // `npx sim ...`: the arguments' count, a directory for the output, the working directory and the arguments, each ended by a NUL; back comes the exit code.
      'if [ "$1" = sim ]; then',
      "  shift",
      `  out=$(mktemp -d ${JSON.stringify(join(temp.dir, "sim-call."))}XXXXXX)`,
      `  exec 3<>/dev/tcp/127.0.0.1/${port}`,
      `  printf '%s\\0' "$#" "$out" "$PWD" "$@" >&3`,
      "  read -r status <&3",
      "  exec 3<&-",
      '  cat "$out/stdout"',
      '  cat "$out/stderr" >&2',
      '  rm -rf "$out"',
      '  exit "${status:-3}"',
      "fi",
      `if [ -n "$1" ] && [ "\${1#*/}" = "$1" ] && [ -x ${bin}/"$1" ]; then tool="$1"; shift; exec ${bin}/"$tool" "$@"; fi`,
      `exec ${JSON.stringify(realNpx)} "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
});

/**
 * The test's end of the shim's `npx sim`: a server on 127.0.0.1 that reads a command
 * (NUL-ended fields: how many arguments, the output directory, the working directory,
 * the arguments), runs it on the built CLI with the blocks' environment and the real
 * clock, writes its stdout and stderr into the output directory and answers with its
 * exit code. One command at a time: the blocks run one line after another.
 */
async function simServer(): Promise<Server> {
  const served = createServer((socket: Socket) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const fields = received.toString("utf8").split("\0");
      const count = Number(fields[0]);
      // The count, the two directories and the arguments, each ended by a NUL (the last split field is what follows the last NUL).
      if (fields.length < count + 4) return;
      socket.off("data", onData);
      const [outDir, cwd, ...args] = fields.slice(1, count + 3) as [string, string, ...string[]];
      void runBuiltMain(args, { cwd, env: { ...blockEnv, CI: undefined }, clock: systemClock }).then(
        (result) => {
          writeFileSync(join(outDir, "stdout"), result.stdout);
          writeFileSync(join(outDir, "stderr"), result.stderr);
          socket.end(`${result.status}\n`);
        },
        (error: unknown) => {
          writeFileSync(join(outDir, "stdout"), "");
          writeFileSync(join(outDir, "stderr"), `the doc test's sim server: ${error instanceof Error ? error.stack : String(error)}\n`);
          socket.end("3\n");
        },
      );
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => served.listen(0, "127.0.0.1", resolve));
  return served;
}

/** Runs a block's text with bash -e -o pipefail in the copy, as a user would paste it. */
function runBlock(body: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", body], { cwd: copy, env: blockEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

afterAll(async () => {
  if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  temp?.cleanup();
});

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
    it(`${block.where} runs as written`, async () => {
      const result = await runBlock(block.body);
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
