import { jsonOption } from "./sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const validateArgs = declareArgs({
  positionals: {
    scenarios: { type: "string", array: true, demandOption: true, describe: "the scenario TOML files" },
  },
  options: {
    json: jsonOption("print one JSON document (format sim-validate) instead of the lines"),
  },
});
export type ValidateArgs = ArgsOf<typeof validateArgs>;

/**
 * `sim validate <scenario.toml ...>`: the schema and semantic checks of every named
 * file, without running anything. Every file is reported (`ok <file>`, or each of its
 * problems on stderr), so that one bad file does not hide another; exit 2 if any is
 * invalid. The work lives in actions/validate.ts, loaded on use.
 */
export const validateCommand: CommandDeclaration<typeof validateArgs> = {
  command: "validate <scenarios..>",
  describe: "Check scenario files against the format (schema and semantic rules) without running them",
  example: ["$0 validate scenarios/*.toml", "check every scenario file without running it"],
  args: validateArgs,
};
