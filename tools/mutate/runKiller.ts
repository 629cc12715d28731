import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { classifyScenarioCheck } from "./classifyScenarioCheck.ts";
import { classifyVitestRun, type VitestJsonReport } from "./classifyVitestReport.ts";
import type { Lane } from "./lanes.ts";
import type { Killer, TestKiller } from "./mutant.ts";
import type { KillerOutcome } from "./mutantStatus.ts";
import { runNode } from "./runProcess.ts";

const VITEST = "node_modules/vitest/vitest.mjs";
const SIM = "bin/sim-dev.js";

export interface KillerRunOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly monotonicMs: () => number;
}

export type KillerRun = KillerOutcome & { readonly aborted: boolean };

/**
 * Runs one killer in a lane's project copy: a test file through the lane's warm vitest
 * (one worker: the lanes are the parallelism), or a scenario through the copy's own
 * `sim check`. A test file that spawns the built CLI needs dist/ built from the copy's
 * sources, which vitest's globalSetup does once per vitest start: such a file runs
 * through a cold `vitest run` of its own. The verdict comes from the classifiers, never
 * from an exit code alone.
 */
export async function runKiller(lane: Lane, killer: Killer, options: KillerRunOptions): Promise<KillerRun> {
  const started = options.monotonicMs();
  const finished = (outcome: { verdict: KillerOutcome["verdict"]; detail: string }, aborted: boolean): KillerRun => ({
    verdict: outcome.verdict,
    detail: withoutCopyPath(outcome.detail, lane.dir),
    elapsedMs: options.monotonicMs() - started,
    aborted,
  });
  if (killer.kind === "scenario") {
    const run = await runNode([SIM, "check", killer.file], { cwd: lane.dir, env: lane.env, timeoutMs: options.timeoutMs, signal: options.signal });
    return finished(classifyScenarioCheck({ exitCode: run.exitCode, timedOut: run.timedOut, timeoutMs: options.timeoutMs, output: run.output }), run.aborted);
  }
  if (runsBuiltCode(readTestFile(lane.dir, killer.file))) {
    const run = await runColdVitest(lane, killer, options);
    return finished(classifyVitestRun({ report: run.report, exitCode: run.exitCode, timedOut: run.timedOut, timeoutMs: options.timeoutMs }), run.aborted);
  }
  const run = await lane.vitest.run(killer, options);
  return finished(classifyVitestRun({ report: parseReport(run.report), exitCode: run.exitCode, timedOut: run.timedOut, timeoutMs: options.timeoutMs }), run.aborted);
}

/**
 * Whether a test file runs the built code: the bin (through test/helpers/runCli.ts's
 * `runCli` or `SIM_BIN`, or by naming bin/sim.js) or a built module in its own process
 * (test/helpers/builtModule.ts's `builtModule`, runMain.ts's `runBuiltMain` and
 * `builtMain`): only those need vitest's globalSetup to build dist/ from the mutated
 * sources. Read from the file's own text; a test that runs built code through a helper
 * of its own must name one of these.
 */
export function runsBuiltCode(testSource: string): boolean {
  return /\bSIM_BIN\b|\brunCli\(|bin\/sim\.js|\bbuiltModule\b|\brunBuiltMain\(|\bbuiltMain\(/.test(testSource);
}

function readTestFile(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), "utf8");
  } catch {
    // A missing file is vitest's to report ("no test file matched").
    return "";
  }
}

/** One report file per cold run, so that runs sharing a copy never read each other's report. */
let coldReportCount = 0;

async function runColdVitest(
  lane: Lane,
  killer: TestKiller,
  options: KillerRunOptions,
): Promise<{ report: VitestJsonReport | undefined; exitCode: number | null; timedOut: boolean; aborted: boolean }> {
  const dir = lane.dir;
  const reportDir = join(dir, ".sim-mutate");
  mkdirSync(reportDir, { recursive: true });
  const reportFile = join(reportDir, `vitest-report-${++coldReportCount}.json`);
  rmSync(reportFile, { force: true });
  const args = [VITEST, "run", killer.file, "--reporter=json", `--outputFile=${reportFile}`, "--maxWorkers=1", "--no-color"];
  if (killer.name !== undefined) args.push("-t", killer.name);
  const run = await runNode(args, { cwd: dir, env: lane.env, timeoutMs: options.timeoutMs, signal: options.signal });
  let report: string | undefined;
  try {
    report = readFileSync(reportFile, "utf8");
  } catch {
    report = undefined;
  }
  return { report: parseReport(report), exitCode: run.exitCode, timedOut: run.timedOut, aborted: run.aborted };
}

/** Details name files as in the project, not as in the temporary copy. */
function withoutCopyPath(detail: string, dir: string): string {
  return detail.split(`${dir}/`).join("");
}

function parseReport(text: string | undefined): VitestJsonReport | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as VitestJsonReport;
  } catch {
    // A torn report: the classifier calls that inconclusive.
    return undefined;
  }
}
