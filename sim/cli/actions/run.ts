import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { EXIT } from "../../exitCodes.ts";
import { startProgress } from "../../io/progress.ts";
import { executeRun } from "../../execute/run/executeRun.ts";
import { formatRunSummary } from "../../execute/run/runSummary.ts";
import { resolvedScenarioSha256 } from "../../execute/run/scenarioHash.ts";
import { loadScenario, type ScenarioOverrides } from "../../input/scenario/loadScenario.ts";
import { checkSnapshotFits, parseSnapshotFile } from "../../input/snapshot/readSnapshotFile.ts";
import type { SnapshotFile } from "../../input/snapshot/snapshotFormat.ts";
import { HARNESS_VERSION } from "../../version.ts";
import { MAX_SEED } from "../../input/scenario/scenarioSchema.ts";
import { checkSnapshotState } from "../../input/snapshot/checkSnapshotState.ts";
import { intOption } from "../commands/intOption.ts";
import { formatRunJson } from "../../execute/run/runSummaryJson.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { shownPath } from "../../io/shownPath.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";
import { reproduceLine } from "../../verify/check/reproduceLine.ts";
import type { RunArgs } from "../commands/run.ts";
import { projectNameProblem } from "../../execute/wandb/wandbLayout.ts";
import { MAX_THREADS } from "../../execute/threads/engineThreads.ts";

/** `sim run`: loads the scenario (and a snapshot to resume from), writes the run directory and prints its summary. */
export async function runRun(args: RunArgs, io: CliIo): Promise<number> {
  const overrides = scenarioOverrides(args);
  const snapshotEverySteps = intOption("snapshot-every", args["snapshot-every"], 1, "steps");
  const wandbProject = args["wandb-project"];
  const projectProblem = wandbProject === undefined ? undefined : projectNameProblem(wandbProject);
  if (projectProblem !== undefined) throw new UserError(`--wandb-project ${JSON.stringify(wandbProject)}: ${projectProblem}`);
  const scenarioFile = resolve(io.cwd, args.scenario);
  const scenario = loadScenario(scenarioFile, overrides);

  let resumeFrom: { file: string; snapshot: SnapshotFile } | undefined;
  if (args["resume-from"] !== undefined) {
    if (args.trace) {
      throw new UserError(
        "--trace cannot be combined with --resume-from: a trace must start at step 1 for `sim explain` and `sim ledger-replay`; rerun from the start with --trace",
      );
    }
    const file = resolve(io.cwd, args["resume-from"]);
    const snapshot = parseSnapshotFile(readTextFile(file, { kind: "snapshot", maxBytes: "snapshotFileBytes" }), file);
    checkSnapshotFits(snapshot, args["resume-from"], {
      harnessVersion: HARNESS_VERSION,
      scenario: scenario.name,
      scenarioSha256: resolvedScenarioSha256(scenario.resolved),
      steps: scenario.steps,
      worldSize: scenario.model.world_size,
    });
    checkSnapshotState(snapshot, args["resume-from"], scenario.model);
    resumeFrom = { file, snapshot };
  }
  const defaultOut = join("runs", resumeFrom ? `${scenario.name}-from-step-${resumeFrom.snapshot.step}` : scenario.name);
  const outDir = resolve(io.cwd, args.out ?? defaultOut);

  // Signals stop the run between steps, so that it flushes and records FAILED.
  return withStopSignals(io, async (stopRequested) => {
    const firstStep = resumeFrom ? resumeFrom.snapshot.step + 1 : 1;
    const threads = intOption("threads", args.threads, 1, MAX_THREADS);
    const progress = startProgress(io, { label: `sim run ${scenario.name}`, unit: "steps", total: scenario.steps, start: firstStep - 1 });
    const outcome = await executeRun(
      {
        scenario,
        outDir,
        perRank: args["per-rank"],
        trace: args.trace,
        wallTime: args["wall-time"],
        ...(wandbProject !== undefined ? { wandb: { project: wandbProject } } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(snapshotEverySteps !== undefined ? { snapshotEverySteps } : {}),
        ...(resumeFrom ? { resumeFrom } : {}),
      },
      { clock: io.clock, stopRequested, onStep: (step) => progress.update(step) },
    ).finally(progress.stop);
    const shownOut = shownPath(io.cwd, outDir);
    const flags = [
      `--steps ${scenario.steps}`,
      ...(overrides.metricsEvery !== undefined ? [`--metrics-every ${overrides.metricsEvery}`] : []),
      ...(args["per-rank"] ? ["--per-rank"] : []),
      ...(args.trace ? ["--trace"] : []),
      ...(wandbProject !== undefined ? [`--wandb-project ${JSON.stringify(wandbProject)}`] : []),
      ...(args["wall-time"] === "now" ? ["--wall-time now"] : []),
      ...(args["resume-from"] !== undefined ? [`--resume-from ${args["resume-from"]}`] : []),
    ];
    const reproduce = reproduceLine(args.scenario, scenario.model.seed, flags);
    if (args.json) io.stdout(formatRunJson(scenario.name, shownOut, outcome, reproduce));
    else io.stdout(`${formatRunSummary(scenario.name, shownOut, outcome)}reproduce: ${reproduce}\n`);
    if (outcome.status === "interrupted") {
      io.stderr(`sim: run stopped after step ${outcome.lastStep} (${outcome.reason}); the rows written so far are kept in ${shownOut}\n`);
      return EXIT.interrupted;
    }
    return EXIT.ok;
  });
}

/** `--steps`, `--seed` and `--metrics-every`, which replace the scenario's own values before it is checked. */
function scenarioOverrides(args: RunArgs): ScenarioOverrides {
  const steps = intOption("steps", args.steps, 1, "steps");
  const seed = intOption("seed", args.seed, 0, MAX_SEED);
  const metricsEvery = intOption("metrics-every", args["metrics-every"], 1, "steps");
  return { ...(steps !== undefined ? { steps } : {}), ...(seed !== undefined ? { seed } : {}), ...(metricsEvery !== undefined ? { metricsEvery } : {}) };
}
