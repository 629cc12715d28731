import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { alignColumns } from "../../format/alignColumns.ts";
import { plural } from "../../format/plural.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { loadScenario } from "../../input/scenario/loadScenario.ts";
import { ScenarioError } from "../../input/scenario/scenarioError.ts";
import type { ListArgs } from "../commands/list.ts";

export const LIST_JSON_FORMAT = "sim-list";
export const LIST_JSON_FORMAT_VERSION = 1;

/** One listed scenario file: what it runs, or why it does not load. */
type Listed =
  | { readonly file: string; readonly name: string; readonly description: string; readonly steps: number; readonly world_size: number }
  | { readonly file: string; readonly invalid: string };

/**
 * `sim list [DIR]`: loads every `*.toml` of DIR (by name) and prints a table of name,
 * steps, world size and description, or with `--json` one document:
 * `{ format: "sim-list", format_version: 1, dir, scenarios: [{ file, name, description,
 * steps, world_size } | { file, invalid }] }`. Exit 2 when a file does not load (it is
 * still listed, with its first problem), or when DIR is not a directory.
 */
export async function runList(args: ListArgs, io: CliIo): Promise<number> {
  const dir = args.dir;
  const absolute = resolve(io.cwd, dir);
  let isDirectory = false;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    // Missing: reported below like a file that is not a directory.
  }
  if (!isDirectory) throw new UserError(`${dir}: not a directory of scenario files; give one (default scenarios/)`);
  const files = readdirSync(absolute)
    .filter((entry) => entry.endsWith(".toml"))
    .sort()
    .map((entry) => join(dir, entry));
  const listed: Listed[] = files.map((file) => {
    try {
      const scenario = loadScenario(file, {}, io.cwd);
      return { file, name: scenario.name, description: scenario.description, steps: scenario.steps, world_size: scenario.model.world_size };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { file, invalid: error instanceof ScenarioError ? (error.problems[0] ?? error.message) : error.message };
    }
  });
  const invalid = listed.filter((entry) => "invalid" in entry);
  if (args.json) {
    io.stdout(`${JSON.stringify({ format: LIST_JSON_FORMAT, format_version: LIST_JSON_FORMAT_VERSION, dir, scenarios: listed }, null, 2)}\n`);
  } else {
    const rows = listed.map((entry) =>
      "invalid" in entry ? [entry.file, "", "", `invalid: ${entry.invalid}`] : [entry.name, String(entry.steps), String(entry.world_size), entry.description],
    );
    if (rows.length > 0)
      io.stdout(`${alignColumns([["scenario", "steps", "world size", "description"], ...rows], { rightAligned: new Set([1, 2]), ruleUnderHeader: true }).join("\n")}\n`);
    const summary = `${plural(listed.length, "scenario")} in ${dir}${invalid.length > 0 ? `, ${invalid.length} invalid (sim validate ${invalid.map((entry) => entry.file).join(" ")} says why)` : ""}\n`;
    io.stdout(summary);
  }
  return invalid.length > 0 ? EXIT.badInput : EXIT.ok;
}
