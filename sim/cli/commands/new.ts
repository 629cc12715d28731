import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const newArgs = declareArgs({
  positionals: {
    name: { type: "string", demandOption: true, describe: "the scenario's name (letters, digits, _ . -), or a path ending in .toml" },
  },
  options: {
    from: { type: "string", requiresArg: true, describe: "start from this scenario: the new file extends it and shows what it inherits" },
    layout: { type: "string", requiresArg: true, choices: ["nested", "direct"] as const, default: "nested" as const, describe: "how the starting streams are declared" },
  },
});
export type NewArgs = ArgsOf<typeof newArgs>;

/**
 * `sim new <name> [--from <scenario>] [--layout nested|direct]`: writes a commented
 * starting scenario that validates as written (docs/authoring.md). The work lives in
 * actions/new.ts, loaded on use.
 */
export const newCommand: CommandDeclaration<typeof newArgs> = {
  command: "new <name>",
  describe: "Write a commented starting scenario (every key shown with its default) that validates as written",
  example: ["$0 new my_diag --from scenarios/healthy_smoke.toml", "a commented scenario that extends the healthy smoke"],
  args: newArgs,
};
