import { CHECK_REPORTERS } from "../../verify/check/checkReporterNames.ts";

// The options of the commands that write reports to files beside what they print, each declared once for all of them.

/**
 * `--images <dir>`, declared once for the commands that write an HTML report with charts
 * (report, check --report, sweep report): every chart again as an SVG file.
 */
export const IMAGES_OPTION = { type: "string", requiresArg: true, describe: "also write one SVG per chart into this directory" } as const;

/**
 * `--reporter junit|json --output <file>`, declared once for the commands that write a
 * machine-readable report beside the console's (check, mutate): `describeReporter` says
 * what --reporter writes for the command. The two go together; the action refuses one
 * without the other.
 */
export function reporterOptions(describeReporter: string) {
  return {
    reporter: { type: "string", requiresArg: true, choices: CHECK_REPORTERS, describe: describeReporter },
    output: { type: "string", requiresArg: true, describe: "the file --reporter writes; - for stdout (the console report then goes to stderr)" },
  } as const;
}
