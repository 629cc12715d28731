import { WALL_TIME_MODES, type WallTimeMode } from "../../execute/run/wallTime.ts";
import { jsonOption, THREADS_OPTION } from "./sharedOptions.ts";
import { NUMERIC_OPTION } from "./numericOption.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const runArgs = declareArgs({
  positionals: {
    scenario: { type: "string", demandOption: true, describe: "the scenario TOML file" },
  },
  options: {
    out: { type: "string", requiresArg: true, describe: "run directory (default runs/<name>/, or runs/<name>-from-step-<n>/ with --resume-from)" },
    json: jsonOption("print the run's outcome as one JSON document (format sim-run) instead of the summary"),
    steps: { ...NUMERIC_OPTION, describe: "override run.steps" },
    seed: { ...NUMERIC_OPTION, describe: "override run.seed" },
    "metrics-every": {
      ...NUMERIC_OPTION,
      describe: "override run.metrics_every: write the rows of every N-th step and of the last step only, in every format (the model runs every step)",
    },
    "per-rank": { type: "boolean", default: false, describe: "also write metrics.per_rank.jsonl" },
    "snapshot-every": { ...NUMERIC_OPTION, describe: "write snapshots/step-<n>.json after every N-th step" },
    "resume-from": { type: "string", requiresArg: true, describe: "continue exactly from a snapshot file" },
    trace: { type: "boolean", default: false, describe: "write trace.jsonl of the model's events" },
    "wandb-project": { type: "string", requiresArg: true, describe: "the project of the run's W&B offline run (default stream-mixing-sim)" },
    "wall-time": {
      choices: WALL_TIME_MODES,
      default: "fixed" as WallTimeMode,
      describe: "the wall time TensorBoard and W&B files stamp: fixed (2020-01-01 + 1 s a step, byte-identical runs) or now (real time)",
    },
    threads: THREADS_OPTION,
  },
});
export type RunArgs = ArgsOf<typeof runArgs>;

/** `sim run <scenario>`: one scenario into a run directory (the work: actions/run.ts, loaded on use). */
export const runCommand: CommandDeclaration<typeof runArgs> = {
  command: "run <scenario>",
  describe: "Run a scenario into a run directory (metrics, lifecycle events, optional snapshots and trace)",
  example: ["$0 run scenarios/healthy_smoke.toml --trace", "run a scenario into runs/healthy_smoke/, with the trace explain reads"],
  args: runArgs,
};
