import { IMAGES_OPTION } from "./sharedOptions.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const reportArgs = declareArgs({
  positionals: {
    "run-dir": { type: "string", array: true, demandOption: true, describe: "directories written by `sim run`" },
  },
  options: {
    out: { type: "string", requiresArg: true, default: "report.html", describe: "the HTML file to write" },
    images: IMAGES_OPTION,
  },
});
export type ReportArgs = ArgsOf<typeof reportArgs>;

/** `sim report <run-dir>... [--out report.html] [--images <dir>]` (the work: actions/report.ts; the report's modules, ECharts among them, load only when this command runs). */
export const reportCommand: CommandDeclaration<typeof reportArgs> = {
  command: "report <run-dir..>",
  describe: "Write a self-contained HTML report of one or more run directories: one chart per metric, runs overlaid",
  example: ["$0 report runs/healthy_smoke runs/diag_exhaust_spike --out compare.html", "two runs overlaid, one chart per metric"],
  args: reportArgs,
};
