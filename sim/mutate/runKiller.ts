import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { classifyScenarioCheck } from "./classifyScenarioCheck.ts";
import { classifyVitestRun, type VitestJsonReport } from "./classifyVitestReport.ts";
import type { Killer } from "./mutant.ts";
import type { KillerOutcome } from "./mutantStatus.ts";
import { runNode } from "./runProcess.ts";

const VITEST = "node_modules/vitest/vitest.mjs";
const SIM = "bin/sim-dev.js";

export interface KillerRunOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly monotonicMs: () => number;
}

let reportCount = 0;

export type KillerRun = KillerOutcome & { readonly aborted: boolean };

/**
 * Runs one killer in a project copy: a test file through vitest with its JSON reporter
 * (one worker: the pool of mutants is the parallelism), or a scenario through the copy's
 * own `sim check`. The verdict comes from the classifiers, never from an exit code alone.
 */
export async function runKiller(dir: string, killer: Killer, options: KillerRunOptions): Promise<KillerRun> {
  const started = options.monotonicMs();
  if (killer.kind === "scenario") {
    const run = await runNode([SIM, "check", killer.file], { cwd: dir, timeoutMs: options.timeoutMs, signal: options.signal });
    const { verdict, detail } = classifyScenarioCheck({ exitCode: run.exitCode, timedOut: run.timedOut, timeoutMs: options.timeoutMs, output: run.output });
    return { verdict, detail: withoutCopyPath(detail, dir), elapsedMs: options.monotonicMs() - started, aborted: run.aborted };
  }

  const reportDir = join(dir, ".sim-mutate");
  mkdirSync(reportDir, { recursive: true });
  // One report file per run, so that runs sharing a copy never read each other's report.
  const reportFile = join(reportDir, `vitest-report-${++reportCount}.json`);
  rmSync(reportFile, { force: true });
  const args = [VITEST, "run", killer.file, "--reporter=json", `--outputFile=${reportFile}`, "--maxWorkers=1", "--no-color"];
  if (killer.name !== undefined) args.push("-t", killer.name);
  const run = await runNode(args, { cwd: dir, timeoutMs: options.timeoutMs, signal: options.signal });
  const { verdict, detail } = classifyVitestRun({ report: readReport(reportFile), exitCode: run.exitCode, timedOut: run.timedOut, timeoutMs: options.timeoutMs });
  return { verdict, detail: withoutCopyPath(detail, dir), elapsedMs: options.monotonicMs() - started, aborted: run.aborted };
}

/** Details name files as in the project, not as in the temporary copy. */
function withoutCopyPath(detail: string, dir: string): string {
  return detail.split(`${dir}/`).join("");
}

function readReport(file: string): VitestJsonReport | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as VitestJsonReport;
  } catch {
    // No report (vitest crashed before writing it) or a torn one: the classifier calls
    // that inconclusive.
    return undefined;
  }
}
