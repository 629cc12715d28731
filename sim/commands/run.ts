import type { RunArgs } from "./actions/run.ts";
import type { SimCommand } from "./simCommand.ts";

/** `sim run <scenario>`: one scenario into a run directory (the work: actions/run.ts, loaded on use). */
export const runCommand: SimCommand<RunArgs> = {
  command: "run <scenario>",
  describe: "Run a scenario into a run directory (metrics, lifecycle events, optional snapshots and trace)",
  builder: (yargs) =>
    yargs
      .positional("scenario", { type: "string", demandOption: true, describe: "the scenario TOML file" })
      .option("out", { type: "string", requiresArg: true, describe: "run directory (default runs/<name>/, or runs/<name>-from-step-<n>/ with --resume-from)" })
      .option("steps", { type: "string", requiresArg: true, describe: "override run.steps" })
      .option("seed", { type: "string", requiresArg: true, describe: "override run.seed" })
      .option("per-rank", { type: "boolean", default: false, describe: "also write metrics.per_rank.jsonl" })
      .option("snapshot-every", { type: "string", requiresArg: true, describe: "write snapshots/step-<n>.json after every N-th step" })
      .option("resume-from", { type: "string", requiresArg: true, describe: "continue exactly from a snapshot file" })
      .option("trace", { type: "boolean", default: false, describe: "write trace.jsonl of the model's events" }) as never,
  run: async (args, io) => (await import("./actions/run.ts")).runRun(args, io),
};
