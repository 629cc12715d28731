import { resolve } from "node:path";
import { EXIT } from "../../exitCodes.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { outputTarget } from "../../io/outputDestination.ts";
import { shownPath } from "../../io/shownPath.ts";
import { loadReportRun } from "../../analyse/report/loadReportRun.ts";
import { runReport as buildRunReport } from "../../analyse/report/runReport.ts";
import { checkReportTargets, writeReport } from "../../analyse/report/writeReport.ts";
import type { ReportArgs } from "../commands/report.ts";

/**
 * `sim report <run-dir>... [--out report.html] [--images <dir>]`:
 *   1. check where the page and images go, then read every run directory (bad input
 *      stops here, with nothing written);
 *   2. build one block overlaying the runs, one chart per metric;
 *   3. write the self-contained page (and with --images one SVG per chart), atomically.
 */
export async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  // 1.
  const targets = { page: outputTarget("--out", io.cwd, args.out), images: args.images === undefined ? undefined : outputTarget("--images", io.cwd, args.images) };
  checkReportTargets(targets);
  const runs = args["run-dir"].map((dir) => loadReportRun(resolve(io.cwd, dir), dir));
  // 2. and 3.
  const written = await writeReport(buildRunReport(runs), targets);
  io.stdout(`report: ${shownPath(io.cwd, written.page)} (${runs.length} run${runs.length === 1 ? "" : "s"})\n`);
  if (written.images.length > 0) io.stdout(`images: ${written.images.length} SVG files in ${args.images}\n`);
  return EXIT.ok;
}
