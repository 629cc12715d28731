import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { shownPath } from "../../io/shownPath.ts";
import { newScenarioToml } from "../../input/scenario/newScenarioToml.ts";
import { SCENARIO_SCHEMA_FILE, SCHEMA_DIRECTORY } from "../../input/scenario/publishedSchema.ts";
import { resolveExtends } from "../../input/scenario/resolveExtends.ts";
import type { NewArgs } from "../commands/new.ts";

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * `sim new`: (1) decide the file: `<name>.toml` under scenarios/ when the working
 * directory has one, else beside it, or the path given; an existing file is never
 * overwritten (exit 2); (2) with --from, read the scenario to extend (it must load);
 * (3) write the template (newScenarioToml.ts) atomically; (4) print the next commands.
 */
export async function runNew(args: NewArgs, io: CliIo): Promise<number> {
  // 1.
  const given = args.name;
  const name = given.endsWith(".toml") ? basename(given, ".toml") : given;
  if (!NAME.test(name)) throw new UserError(`sim new ${given}: a scenario's name is made of letters, digits, '_', '.' and '-' (it names golden/<name>.jsonl)`);
  const file = given.endsWith(".toml") ? resolve(io.cwd, given) : resolve(io.cwd, isDirectory(resolve(io.cwd, "scenarios")) ? "scenarios" : ".", `${name}.toml`);
  const shown = shownPath(io.cwd, file);
  if (existsSync(file)) throw new UserError(`${shown} already exists: sim new never overwrites a file; choose another name or remove it`);
  if (!isDirectory(dirname(file))) throw new UserError(`${shown}: the directory ${shownPath(io.cwd, dirname(file))} does not exist`);

  // 2.
  let from: { extendsPath: string; merged: ReturnType<typeof resolveExtends>["merged"] } | undefined;
  if (args.from !== undefined) {
    const fromFile = resolve(io.cwd, args.from);
    // Loaded as the scenario it is, so that a broken parent is refused here, not in the new file.
    const { loadScenario } = await import("../../input/scenario/loadScenario.ts");
    loadScenario(args.from, {}, io.cwd);
    from = { extendsPath: posix(relative(dirname(file), fromFile)), merged: resolveExtends(args.from, io.cwd).merged };
  }

  // 3.
  const schema = join(packageRoot(), SCHEMA_DIRECTORY, SCENARIO_SCHEMA_FILE);
  const schemaPath = posix(relative(dirname(file), schema));
  writeFileAtomicallySync(file, newScenarioToml({ name, schemaPath, layout: args.layout, ...(from === undefined ? {} : { from }) }));

  // 4.
  io.stdout(
    [
      `wrote ${shown}`,
      "next:",
      `  npx sim validate ${shown}                # the file as written is valid: edit it, and check again`,
      `  npx sim watch ${shown}                   # the charts on 127.0.0.1, re-run on every save`,
      `  npx sim check --update ${shown}          # once it shows what it should: write its golden file`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The package's root (where schema/ is): the nearest directory above this module with both, built or not. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, SCHEMA_DIRECTORY))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("sim new: cannot find the package's schema/ directory");
    dir = parent;
  }
  return dir;
}

/** A relative path as TOML and taplo want it: forward slashes. */
function posix(path: string): string {
  return path.split(sep).join("/");
}
