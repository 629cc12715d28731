import { resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { CHECK_REPORTERS, type CheckReporter } from "../check/checkReporterNames.ts";
import { checkScenarios } from "../check/checkScenarios.ts";
import { formatCheckReport } from "../check/formatCheckReport.ts";
import { EXIT } from "../exitCodes.ts";
import { isCiSet } from "../io/ciEnvironment.ts";
import type { CliIo } from "../io/cliIo.ts";
import { startProgress } from "../io/progress.ts";
import type { SimCommand } from "./simCommand.ts";

interface CheckArgs {
  readonly scenario?: readonly string[];
  readonly update: boolean;
  readonly force: boolean;
  readonly twice: boolean;
  readonly reporter?: CheckReporter;
  readonly output?: string;
}

/**
 * `sim check [scenario ...] [--update] [--force] [--twice] [--reporter junit|json --output <file>]`:
 *   1. refuse `--update` under CI unless `--force` (golden files are never written in CI);
 *   2. check the scenarios (checkScenarios: load all, run, compare, plan and write updates);
 *   3. print the report (and write --reporter's to --output); exit 0 all passed, 1 a check failed, 2 bad input.
 */
export const checkCommand: SimCommand<CheckArgs> = {
  command: "check [scenario..]",
  describe: "Run scenarios against their golden files and expectations (default: every scenarios/*.toml).",
  builder: (yargs) =>
    yargs
      .positional("scenario", { type: "string", array: true, describe: "scenario files (default: every *.toml in scenarios/, by name)" })
      .option("update", { type: "boolean", default: false, describe: "rewrite golden files from the runs (refused when CI is set)" })
      .option("force", { type: "boolean", default: false, describe: "with --update: write even when CI is set" })
      .option("twice", { type: "boolean", default: false, describe: "determinism audit: run each scenario once more in this process and compare its per-step hash chain with the check's run" })
      .option("reporter", { type: "string", choices: CHECK_REPORTERS, describe: "also write the check as JUnit XML or JSON to --output (the console report is unchanged)" })
      .option("output", { type: "string", describe: "the file --reporter writes" }) as never,
  // (The cast: yargs' inferred argument type cannot name CheckArgs; run() receives the parsed object.)
  run: async (args, io) => runCheck(args, io),
};

async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // 1. Golden files are a local decision: CI only ever compares against them.
  if (args.force && !args.update) throw new UserError("--force only applies to --update");
  if ((args.reporter === undefined) !== (args.output === undefined)) throw new UserError("--reporter and --output go together: --reporter junit|json --output <file>");
  if (args.update && isCiSet(io.env.CI) && !args.force) {
    throw new UserError(`refusing --update: the environment variable CI is set (CI=${io.env.CI}); golden files are written locally, or pass --force`);
  }
  // 2.
  const progress = startProgress(io, { label: "sim check", unit: "scenarios", total: 0 });
  const report = await checkScenarios({
    cwd: io.cwd,
    ...(args.scenario !== undefined ? { files: args.scenario } : {}),
    update: args.update,
    twice: args.twice,
    clock: io.clock,
    onChecked: (_check, done, total) => progress.update(done, total),
  }).finally(progress.stop);
  // 3.
  io.stdout(formatCheckReport(report));
  if (args.reporter !== undefined && args.output !== undefined) {
    // The XML builder is loaded only when a report is asked for.
    const { writeCheckReport } = await import("../check/checkReporters.ts");
    writeCheckReport(args.reporter, resolve(io.cwd, args.output), report);
  }
  return report.passed ? EXIT.ok : EXIT.checkFailed;
}

export { isCiSet } from "../io/ciEnvironment.ts";
