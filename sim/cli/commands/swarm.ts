import { DEFAULT_SWARM_RUNS } from "../../execute/swarm/swarmBudget.ts";
import { SWARM_CHECKS } from "../../execute/swarm/swarmCheck.ts";
import { NUMERIC_OPTION } from "./numericOption.ts";
import { JOBS_OPTION } from "./sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const swarmArgs = declareArgs({
  options: {
    runs: { ...NUMERIC_OPTION, describe: `random scenarios to run (default ${DEFAULT_SWARM_RUNS})` },
    minutes: { ...NUMERIC_OPTION, describe: "run for this long instead of a number of runs" },
    seed: { ...NUMERIC_OPTION, describe: "the swarm's seed (default: a random one, printed first)" },
    jobs: JOBS_OPTION,
    shard: { type: "string", requiresArg: true, describe: "run only shard i of n of the run indices (i/n, 1-based)" },
    out: { type: "string", requiresArg: true, default: "swarm-failures", describe: "where minimal failing scenarios are written" },
    replay: { type: "string", requiresArg: true, describe: "re-run the checks on one scenario file (a written failure) instead of a swarm" },
    check: { type: "string", requiresArg: true, choices: SWARM_CHECKS, describe: "with --replay: only this check" },
    "snapshot-step": { ...NUMERIC_OPTION, describe: "with --replay: the step after which exact-resume snapshots (default 0)" },
  },
});
export type SwarmArgs = ArgsOf<typeof swarmArgs>;

/** `sim swarm`: random scenarios with every invariant checked (the work: actions/swarm.ts, loaded on use). */
export const swarmCommand: CommandDeclaration<typeof swarmArgs> = {
  command: "swarm",
  describe: "Run random scenarios derived from one seed with every invariant checked; shrink any failure to a minimal scenario file",
  example: ["$0 swarm --seed 42 --runs 100", "100 random scenarios from seed 42, every invariant checked"],
  args: swarmArgs,
  configure: (yargs) => yargs.conflicts("runs", "minutes"),
};
