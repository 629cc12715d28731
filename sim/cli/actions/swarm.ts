import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { outputTarget, checkOutputDirectory } from "../../io/outputDestination.ts";
import { startProgress } from "../../io/progress.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { loadScenario } from "../../input/scenario/loadScenario.ts";
import { formatSwarmFailure, formatSwarmSummary } from "../../execute/swarm/formatSwarmReport.ts";
import { runSwarmChecks } from "../../execute/swarm/runChecks.ts";
import { runSwarm } from "../../execute/swarm/runSwarm.ts";
import { swarmBudgetOf } from "../../execute/swarm/swarmBudget.ts";
import { SWARM_CHECKS, type SwarmCheckName } from "../../execute/swarm/swarmCheck.ts";
import { runsInSwarmShard } from "../../execute/swarm/swarmShard.ts";
import { parseShard } from "../../execute/pool/shard.ts";
import { writeSwarmFailure } from "../../execute/swarm/writeSwarmFailure.ts";
import { intOption, MAX_JOBS, numberOption } from "../commands/intOption.ts";
import type { SwarmArgs } from "../commands/swarm.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";

const MAX_SEED = 2 ** 32 - 1;
/** --minutes at most a week: a longer budget is more likely a typo (hours for minutes) than a plan. */
const MAX_MINUTES = 7 * 24 * 60;

/** `sim swarm`: a swarm of derived scenarios, or with `--replay` one written failure. */
export async function runSwarmOrReplay(args: SwarmArgs, io: CliIo): Promise<number> {
  return args.replay === undefined ? runSwarmCommand(args, io) : replaySwarmCase(args, args.replay, io);
}

async function runSwarmCommand(args: SwarmArgs, io: CliIo): Promise<number> {
  if (args.check !== undefined || args["snapshot-step"] !== undefined) throw new UserError("--check and --snapshot-step go with --replay <file>");
  const runs = intOption("runs", args.runs, 1, "swarmRuns");
  const jobs = intOption("jobs", args.jobs, 1, MAX_JOBS) ?? availableParallelism();
  // The message echoes the seed as typed: a number past 2^53 read back would not be the one the user wrote.
  const seed = intOption("seed", args.seed, 0, MAX_SEED);
  const minutes = numberOption("minutes", args.minutes, MAX_MINUTES);
  const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
  // Failures are written as they are found: where they go is checked before the first run.
  checkOutputDirectory(outputTarget("--out", io.cwd, args.out));
  const budget = swarmBudgetOf(runs, minutes);
  // The only entropy the swarm reads, and only when no seed is given; it is printed first.
  const swarmSeed = seed ?? randomInt(0, MAX_SEED);

  const budgetText = "runs" in budget ? `--runs ${budget.runs}` : `--minutes ${budget.minutes}`;
  const shardText = shard === undefined ? "" : ` --shard ${shard.index}/${shard.count}`;
  io.stdout(`swarm seed ${swarmSeed} (npx sim swarm --seed ${swarmSeed} ${budgetText}${shardText})\n`);

  // A time budget has no total: the display counts runs without one. A failure's block
  // goes to stdout, which shares the terminal with the display: the display is cleared
  // for it and drawn anew below it.
  const total = "runs" in budget ? runsInSwarmShard(budget.runs, shard) : 0;
  let finished = 0;
  let progress = startProgress(io, { label: "sim swarm", unit: "runs", total });
  try {
    const report = await withStopSignals(io, (stopRequested) =>
      runSwarm({
        swarmSeed,
        budget,
        jobs,
        ...(shard === undefined ? {} : { shard }),
        clock: io.clock,
        stopRequested: () => stopRequested() !== undefined,
        onResult: (result) => {
          progress.update(++finished);
          if (result.failure === undefined) return;
          const written = writeSwarmFailure(result.failure, swarmSeed, { shown: args.out, cwd: io.cwd });
          progress.stop();
          io.stdout(formatSwarmFailure(result.failure, written));
          progress = startProgress(io, { label: "sim swarm", unit: "runs", total, start: finished });
        },
      }),
    );
    progress.stop();
    io.stdout(formatSwarmSummary(swarmSeed, report));
    if (report.interrupted) return EXIT.interrupted;
    return report.failures === 0 ? EXIT.ok : EXIT.checkFailed;
  } finally {
    progress.stop();
  }
}

/** `--replay FILE [--check NAME] [--snapshot-step S]`: the scenario through the real loader, then the named check (or all). */
async function replaySwarmCase(args: SwarmArgs, file: string, io: CliIo): Promise<number> {
  for (const option of ["runs", "minutes", "seed", "shard"] as const) {
    if (args[option] !== undefined) throw new UserError(`--${option} does not go with --replay: the file is the whole case`);
  }
  const snapshotStep = intOption("snapshot-step", args["snapshot-step"], 0) ?? 0;
  const scenario = loadScenario(resolve(io.cwd, file));
  if (snapshotStep >= scenario.steps) throw new UserError(`--snapshot-step must be below run.steps = ${scenario.steps} of ${file}, got ${snapshotStep}`);
  const checks: readonly SwarmCheckName[] = args.check === undefined ? SWARM_CHECKS : [args.check];
  const failure = runSwarmChecks(scenario, snapshotStep, checks);
  if (failure === undefined) {
    io.stdout(`ok ${file}: ${checks.join(", ")} held\n`);
    return EXIT.ok;
  }
  io.stdout(`FAIL ${file}: ${failure.check}: ${failure.message}\n`);
  return EXIT.checkFailed;
}
