import { jsonOption } from "./sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const listArgs = declareArgs({
  positionals: {
    dir: { type: "string", default: "scenarios", describe: "the directory of scenario files" },
  },
  options: {
    json: jsonOption("print one JSON document (format sim-list) instead of the table"),
  },
});
export type ListArgs = ArgsOf<typeof listArgs>;

/**
 * `sim list [DIR] [--json]`: the scenarios of a directory (default scenarios/), each
 * with its name, steps, world size and description; a file that does not load is
 * listed as invalid with its first problem (exit 2). The work lives in
 * actions/list.ts, loaded on use.
 */
export const listCommand: CommandDeclaration<typeof listArgs> = {
  command: "list [dir]",
  describe: "List the scenarios of a directory (default scenarios/): name, steps, world size and description",
  example: ["$0 list scenarios --json", "the repository's scenarios as one JSON document"],
  args: listArgs,
};
