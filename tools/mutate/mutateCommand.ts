import { NUMERIC_OPTION } from "../../sim/cli/commands/numericOption.ts";
import { reporterOptions } from "../../sim/cli/commands/sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "../../sim/cli/commands/simCommand.ts";

const mutateArgs = declareArgs({
  options: {
    only: { type: "string", array: true, describe: "Run only these mutant ids" },
    jobs: { ...NUMERIC_OPTION, describe: "Mutants run in parallel (default: the machine's available parallelism)" },
    // Default DEFAULT_CATALOG_FILE, applied in the action: the module that defines it
    // (1-load-catalog.ts) loads the catalog's validator.
    catalog: { type: "string", requiresArg: true, describe: "The mutant catalog, relative to the working directory (default: mutants/catalog.toml)" },
    ...reporterOptions("also write JUnit XML or JSON (format sim-mutate-report) to --output: one entry per mutant (the console report is unchanged)"),
  },
});
export type MutateArgs = ArgsOf<typeof mutateArgs>;

/**
 * `sim mutate`: the plan's mutation-sanity check as a command (docs/mutation.md). Exit 0
 * when every selected mutant is killed by a named killer; 1 when one survived, was
 * unviable or errored, or when a killer already fails on the unmutated code; 2 for a bad
 * catalog or a killer that runs no test on the unmutated code; 130 when interrupted
 * (the temporary copies are removed first). The work lives in mutateAction.ts, loaded
 * on use. It is a command of the repository's CLI only (tools/repositoryCli.ts): it needs
 * the project's sources and tests, so the published package does not carry it.
 */
export const mutateCommand: CommandDeclaration<typeof mutateArgs> = {
  command: "mutate",
  describe: "Apply each catalog mutant to a temporary copy of the project and check that its named tests or scenarios catch it",
  example: ["$0 mutate --only snapshot-foo-max-off-by-one", "run one mutant of the catalog"],
  args: mutateArgs,
};
