import { CHECK_REPORTERS } from "../check/checkReporterNames.ts";
import type { CheckArgs } from "./actions/check.ts";
import type { SimCommand } from "./simCommand.ts";

/**
 * `sim check [scenario ...] [--update] [--force] [--twice] [--report <file> [--images <dir>]]
 * [--reporter junit|json --output <file>]`:
 * every scenario against its golden file and expectations. The work lives in
 * actions/check.ts, loaded only when this command runs, so that other commands do not
 * pay for it at start-up.
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
      .option("report", { type: "string", requiresArg: true, describe: "also write a self-contained HTML report of the check: verdicts, charts, expectations, baselines" })
      .option("images", { type: "string", requiresArg: true, describe: "with --report: also write one SVG per chart into this directory" })
      .option("reporter", { type: "string", requiresArg: true, choices: CHECK_REPORTERS, describe: "also write the check as JUnit XML or JSON to --output (the console report is unchanged)" })
      .option("output", { type: "string", requiresArg: true, describe: "the file --reporter writes" }) as never,
  // (The cast: yargs' inferred argument type cannot name CheckArgs; run() receives the parsed object.)
  run: async (args, io) => (await import("./actions/check.ts")).runCheck(args, io),
};
