import { SWARM_CHECKS } from "../swarm/swarmCheck.ts";
import type { SwarmArgs } from "./actions/swarm.ts";
import type { SimCommand } from "./simCommand.ts";

/** Runs when neither --runs nor --minutes is given. */
export const DEFAULT_RUNS = 100;

/** `sim swarm`: random scenarios with every invariant checked (the work: actions/swarm.ts, loaded on use). */
export const swarmCommand: SimCommand<SwarmArgs> = {
  command: "swarm",
  describe: "Run random scenarios derived from one seed with every invariant checked; shrink any failure to a minimal scenario file",
  builder: (yargs) =>
    yargs
      .option("runs", { type: "string", requiresArg: true, describe: `random scenarios to run (default ${DEFAULT_RUNS})` })
      .option("minutes", { type: "number", requiresArg: true, describe: "run for this long instead of a number of runs" })
      .option("seed", { type: "string", requiresArg: true, describe: "the swarm's seed (default: a random one, printed first)" })
      .option("jobs", { type: "string", requiresArg: true, describe: "worker processes (default: the machine's available parallelism)" })
      .option("shard", { type: "string", requiresArg: true, describe: "run only shard i of n of the run indices (i/n, 1-based)" })
      .option("out", { type: "string", requiresArg: true, default: "swarm-failures", describe: "where minimal failing scenarios are written" })
      .option("replay", { type: "string", requiresArg: true, describe: "re-run the checks on one scenario file (a written failure) instead of a swarm" })
      .option("check", { type: "string", requiresArg: true, choices: SWARM_CHECKS, describe: "with --replay: only this check" })
      .option("snapshot-step", { type: "string", requiresArg: true, describe: "with --replay: the step after which exact-resume snapshots (default 0)" })
      .conflicts("runs", "minutes") as never,
  run: async (args, io) => (await import("./actions/swarm.ts")).runSwarmOrReplay(args, io),
};
