import { IMAGES_OPTION, jsonOption, reporterOptions, THREADS_OPTION } from "./sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const checkArgs = declareArgs({
  positionals: {
    scenario: { type: "string", array: true, describe: "scenario files (default: every *.toml in scenarios/, by name)" },
  },
  options: {
    update: { type: "boolean", default: false, describe: "rewrite golden files from the runs (refused when CI is set)" },
    force: { type: "boolean", default: false, describe: "with --update: write even when CI is set" },
    twice: {
      type: "boolean",
      default: false,
      describe: "determinism audit: run each scenario once more in this process, in step with the check's run, and compare the two row by row",
    },
    report: { type: "string", requiresArg: true, describe: "also write a self-contained HTML report of the check: verdicts, charts, expectations, baselines" },
    images: { ...IMAGES_OPTION, describe: `with --report: ${IMAGES_OPTION.describe}` },
    ...reporterOptions("also write the check as JUnit XML or JSON to --output (the console report is unchanged)"),
    json: jsonOption("print the check as one JSON document (format sim-check-report) on stdout; the console report goes to stderr"),
    threads: THREADS_OPTION,
  },
});
export type CheckArgs = ArgsOf<typeof checkArgs>;

/**
 * `sim check [scenario ...] [--update] [--force] [--twice] [--report <file> [--images <dir>]]
 * [--reporter junit|json --output <file>]`:
 * every scenario against its golden file and expectations. The work lives in
 * actions/check.ts, loaded only when this command runs, so that other commands do not
 * pay for it at start-up.
 */
export const checkCommand: CommandDeclaration<typeof checkArgs> = {
  command: "check [scenario..]",
  describe: "Run scenarios against their golden files and expectations (default: every scenarios/*.toml).",
  example: ["$0 check scenarios/healthy_smoke.toml", "check one scenario against golden/healthy_smoke.jsonl and its expectations"],
  args: checkArgs,
};
