import { relative, resolve } from "node:path";
import { EXIT } from "../exitCodes.ts";
import type { CliIo } from "../io/cliIo.ts";
import type { SimCommand } from "./simCommand.ts";

interface ReportArgs {
  readonly "run-dir": readonly string[];
  readonly out: string;
  readonly images?: string;
}

/**
 * `sim report <run-dir>... [--out report.html] [--images <dir>]`:
 *   1. read every run directory (bad input stops here, with nothing written);
 *   2. build one block overlaying the runs, one chart per metric;
 *   3. write the self-contained page (and with --images one SVG per chart), atomically.
 * The report's modules (ECharts among them) load only when this command runs.
 */
export const reportCommand: SimCommand<ReportArgs> = {
  command: "report <run-dir..>",
  describe: "Write a self-contained HTML report of one or more run directories: one chart per metric, runs overlaid",
  builder: (yargs) =>
    yargs
      .positional("run-dir", { type: "string", array: true, demandOption: true, describe: "directories written by `sim run`" })
      .option("out", { type: "string", requiresArg: true, default: "report.html", describe: "the HTML file to write" })
      .option("images", { type: "string", requiresArg: true, describe: "also write one SVG per chart into this directory" }) as never,
  run: async (args, io) => runReport(args, io),
};

async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  const [{ loadReportRun }, { runReport: buildRunReport }, { writeReport }] = await Promise.all([
    import("../report/loadReportRun.ts"),
    import("../report/runReport.ts"),
    import("../report/writeReport.ts"),
  ]);
  // 1.
  const runs = args["run-dir"].map((dir) => loadReportRun(resolve(io.cwd, dir), dir));
  // 2. and 3.
  const written = await writeReport(buildRunReport(runs), resolve(io.cwd, args.out), args.images === undefined ? undefined : resolve(io.cwd, args.images));
  io.stdout(`report: ${relative(io.cwd, written.page) || written.page} (${runs.length} run${runs.length === 1 ? "" : "s"})\n`);
  if (written.images.length > 0) io.stdout(`images: ${written.images.length} SVG files in ${args.images}\n`);
  return EXIT.ok;
}
