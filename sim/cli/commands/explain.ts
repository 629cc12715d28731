import { NUMERIC_OPTION } from "./numericOption.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const explainArgs = declareArgs({
  positionals: {
    "run-dir": { type: "string", demandOption: true, describe: "a directory written by `sim run --trace`" },
  },
  options: {
    step: { ...NUMERIC_OPTION, demandOption: true, describe: "the step to explain" },
    metric: { type: "string", requiresArg: true, describe: "explain only this metric's family" },
  },
});
export type ExplainArgs = ArgsOf<typeof explainArgs>;

/** `sim explain <run-dir> --step N`: why a step's metrics took their values (the work: actions/explain.ts, loaded on use). */
export const explainCommand: CommandDeclaration<typeof explainArgs> = {
  command: "explain <run-dir>",
  describe: "Say in words what produced a step's metric values, re-running a traced run to that step",
  example: ["$0 explain runs/healthy_smoke --step 12", "why step 12's metrics took their values (the run was recorded with --trace)"],
  args: explainArgs,
};
