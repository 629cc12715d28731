import { UserError } from "../../../src/errors.ts";
import { checkScenarios } from "../../check/checkScenarios.ts";
import { formatCheckReport } from "../../check/formatCheckReport.ts";
import { EXIT } from "../../exitCodes.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { isCiSet } from "../../io/isCiSet.ts";

export interface CheckArgs {
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
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // 1. Golden files are a local decision: CI only ever compares against them.
  if (args.force && !args.update) throw new UserError("--force only applies to --update");
  if (args.update && isCiSet(io.env.CI) && !args.force) {
    throw new UserError(`refusing --update: the environment variable CI is set (CI=${io.env.CI}); golden files are written locally, or pass --force`);
  }
  // 2.
  const report = await checkScenarios({
    cwd: io.cwd,
    ...(args.scenario !== undefined ? { files: args.scenario } : {}),
    update: args.update,
    twice: args.twice,
    clock: io.clock,
  });
  // 3.
  io.stdout(formatCheckReport(report));
  return report.passed ? EXIT.ok : EXIT.checkFailed;
}
