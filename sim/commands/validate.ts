import { declareArgs, type ArgsOf, type SimCommand } from "./simCommand.ts";

const validateArgs = declareArgs({
  positionals: {
    scenarios: { type: "string", array: true, demandOption: true, describe: "the scenario TOML files" },
  },
});
export type ValidateArgs = ArgsOf<typeof validateArgs>;

/**
 * `sim validate <scenario.toml ...>`: the schema and semantic checks of every named
 * file, without running anything. Every file is reported (`ok <file>`, or each of its
 * problems on stderr), so that one bad file does not hide another; exit 2 if any is
 * invalid. The work lives in actions/validate.ts, loaded on use.
 */
export const validateCommand: SimCommand<ValidateArgs> = {
  command: "validate <scenarios..>",
  describe: "Check scenario files against the format (schema and semantic rules) without running them",
  args: validateArgs,
  run: async (args, io) => (await import("./actions/validate.ts")).runValidate(args, io),
};
