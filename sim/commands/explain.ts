import type { ExplainArgs } from "./actions/explain.ts";
import type { SimCommand } from "./simCommand.ts";

/** `sim explain <run-dir> --step N`: why a step's metrics took their values (the work: actions/explain.ts, loaded on use). */
export const explainCommand: SimCommand<ExplainArgs> = {
  command: "explain <run-dir>",
  describe: "Say in words what produced a step's metric values, re-running a traced run to that step",
  builder: (yargs) =>
    yargs
      .positional("run-dir", { type: "string", demandOption: true, describe: "a directory written by `sim run --trace`" })
      .option("step", { type: "string", requiresArg: true, demandOption: true, describe: "the step to explain" })
      .option("metric", { type: "string", requiresArg: true, describe: "explain only this metric's family" }) as never,
  run: async (args, io) => (await import("./actions/explain.ts")).runExplain(args, io),
};
