import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../../../sim/cli/commands/index.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";
import { runMain } from "../../../helpers/runMain.ts";

/** Every option a command parses as a number: the names given to intOption and numberOption anywhere under sim/. */
function numericOptionNames(): ReadonlySet<string> {
  const names = new Set<string>();
  const sources = readdirSync(join(PROJECT_ROOT, "sim"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  for (const file of sources) {
    for (const match of readFileSync(join(PROJECT_ROOT, "sim", file), "utf8").matchAll(/\b(?:intOption|numberOption)\("([a-z-]+)"/g)) names.add(match[1]!);
  }
  return names;
}

/** Every command line with a help page of its own options: each command, each sweep subcommand. */
const HELP_PAGES: readonly (readonly string[])[] = commands.flatMap((command) => {
  const name = command.command.split(" ")[0] as string;
  if (!("subcommands" in command)) return [[name]];
  return [[name], ...command.subcommands.filter((sub) => !sub.command.startsWith("$0")).map((sub) => [name, sub.command.split(" ")[0] as string])];
});

/**
 * A help page's options, each with its whole entry: an entry starts with a line indented
 * by two spaces (`  --steps  override run.steps  [number]`), and a description that
 * wraps continues on lines indented further, the type at the end of its last line.
 * Everything from `Examples:` on is left out.
 */
function helpEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | undefined;
  // The examples follow the options, and a wrapped example can start a line with `--`.
  for (const line of help.split("\nExamples:\n")[0]!.split("\n")) {
    const start = /^ {2}--([a-z0-9-]+)\b/.exec(line);
    if (start !== null) {
      current = start[1]!;
      entries.set(current, line);
    } else if (current !== undefined && /^ {4,}\S/.test(line)) {
      entries.set(current, `${entries.get(current)!}\n${line}`);
    } else {
      current = undefined;
    }
  }
  return entries;
}

describe("numeric options", () => {
  it("show as [number] in every command's --help, never as [string]", async () => {
    const numeric = numericOptionNames();
    expect(numeric.size).toBeGreaterThanOrEqual(10);
    const shown = new Set<string>();
    for (const words of HELP_PAGES) {
      const help = await runMain([...words, "--help"]);
      expect(help.status, words.join(" ")).toBe(0);
      for (const [name, entry] of helpEntries(help.stdout)) {
        if (!numeric.has(name)) continue;
        shown.add(name);
        expect(entry, `sim ${words.join(" ")} --${name}`).toMatch(/\[number\]/);
        expect(entry, `sim ${words.join(" ")} --${name}`).not.toMatch(/\[string\]/);
      }
    }
    // Each numeric option appears on some page, so none escaped the check by its layout.
    expect([...numeric].filter((name) => !shown.has(name))).toEqual([]);
  });

  it.each([
    [["run", "scenarios/healthy_smoke.toml", "--seed", "18446744073709551616"], "sim: --seed 18446744073709551616: expected at most 4294967295\n"],
    [["run", "scenarios/healthy_smoke.toml", "--steps", "abc"], 'sim: --steps must be an integer >= 1, got "abc"\n'],
    [["run", "scenarios/healthy_smoke.toml", "--steps", "1e3"], "sim: --steps must be an integer >= 1, got 1e3\n"],
    [["run", "scenarios/healthy_smoke.toml", "--steps=007.0"], "sim: --steps must be an integer >= 1, got 007.0\n"],
    [["run", "scenarios/healthy_smoke.toml", "--threads", "-2"], "sim: --threads must be an integer >= 1, got -2\n"],
    [["swarm", "--minutes", "0x10"], 'sim: --minutes must be a number > 0, got "0x10"\n'],
  ])("still quote the text as typed when it is refused: %j", async (argv, message) => {
    const result = await runMain(argv);
    expect([result.status, result.stderr]).toEqual([2, message]);
  });
});
