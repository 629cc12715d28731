import { UserError } from "../../src/errors.ts";
import { checkScenarios } from "../check/checkScenarios.ts";
import { formatCheckReport } from "../check/formatCheckReport.ts";
import { EXIT } from "../exitCodes.ts";
import type { CliIo } from "../io/cliIo.ts";
import type { SimCommand } from "./simCommand.ts";

interface CheckArgs {
  readonly scenario?: readonly string[];
  readonly update: boolean;
  readonly force: boolean;
  readonly twice: boolean;
}

/**
 * `sim check [scenario ...] [--update] [--force] [--twice]`:
 *   1. refuse `--update` under CI unless `--force` (golden files are never written in CI);
 *   2. check the scenarios (checkScenarios: load all, run, compare, plan and write updates);
 *   3. print the report; exit 0 all passed, 1 a check failed, 2 bad input.
 */
export const checkCommand: SimCommand<CheckArgs> = {
  command: "check [scenario..]",
  describe: "Run scenarios against their golden files and expectations (default: every scenarios/*.toml).",
  builder: (yargs) =>
    yargs
      .positional("scenario", { type: "string", array: true, describe: "scenario files (default: every *.toml in scenarios/, by name)" })
      .option("update", { type: "boolean", default: false, describe: "rewrite golden files from the runs (refused when CI is set)" })
      .option("force", { type: "boolean", default: false, describe: "with --update: write even when CI is set" })
      .option("twice", { type: "boolean", default: false, describe: "determinism audit: run each scenario once more in this process and compare its per-step hash chain with the check's run" }) as never,
  // (The cast: yargs' inferred argument type cannot name CheckArgs; run() receives the parsed object.)
  run: async (args, io) => runCheck(args, io),
};

async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // 1. Golden files are a local decision: CI only ever compares against them.
  if (args.force && !args.update) throw new UserError("--force only applies to --update");
  if (args.update && isCiSet(io.env.CI) && !args.force) {
    throw new UserError(`refusing --update: the environment variable CI is set (CI=${io.env.CI}); golden files are written locally, or pass --force`);
  }
  // 2. A signal stops the check between scenarios (and between golden writes), so that
  // it can say what it wrote.
  let stopReason: string | undefined;
  const stopOnSignal = [
    io.onSignal("SIGINT", () => void (stopReason = "interrupted by SIGINT")),
    io.onSignal("SIGTERM", () => void (stopReason = "interrupted by SIGTERM")),
  ];
  let report;
  try {
    report = await checkScenarios({
      cwd: io.cwd,
      ...(args.scenario !== undefined ? { files: args.scenario } : {}),
      update: args.update,
      twice: args.twice,
      clock: io.clock,
      stopRequested: () => stopReason,
    });
  } finally {
    for (const stop of stopOnSignal) stop();
  }
  // 3.
  if (report.staleTemporaries.length > 0) {
    const what = report.staleTemporariesRemoved ? "removed" : "found (run `sim check --update` to remove them, or delete them)";
    io.stderr(`sim: temporary files left in golden/ by an interrupted update ${what}: ${report.staleTemporaries.join(", ")}\n`);
  }
  io.stdout(formatCheckReport(report));
  if (report.interrupted !== undefined) {
    const written = report.written.length > 0 ? `golden files written: ${report.written.join(", ")}` : "no golden file was written";
    io.stderr(`sim: check stopped after ${report.checks.length} scenario(s) (${report.interrupted}); ${written}\n`);
    return EXIT.interrupted;
  }
  return report.passed ? EXIT.ok : EXIT.checkFailed;
}

/** CI counts as set unless it is empty, "0" or "false", the values CI systems use for "not CI". */
export function isCiSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
