import type { Shard } from "../../execute/pool/shard.ts";
import { sweepStoreWithRunsRead } from "../../execute/sweep/findRunsOnThreads.ts";
import { statusWithJobs } from "../../execute/sweep/launcher/statusWithJobs.ts";
import { nodeSweepStore } from "../../execute/sweep/nodeSweepStore.ts";
import { formatSweepStatus } from "../../execute/sweep/sweepStatus.ts";
import { formatSweepStatusJson } from "../../execute/sweep/sweepStatusJson.ts";
import { summaryRowsOf, writeSummaryCsv } from "../../analyse/sweep/sweepSummary.ts";
import { EXIT } from "../../exitCodes.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { shownPath, shownPathsIn } from "../../io/shownPath.ts";

/**
 * The status of the sweep in `dirs` (printed), and summary.csv written into the first
 * directory, its rows covering the configs checked. Returns the exit code: 0 only when
 * every checked config has exactly one completed run in place.
 */
export async function checkAndSummarise(io: CliIo, dirs: readonly string[], shard?: Shard, only?: ReadonlySet<string>, json = false): Promise<number> {
  const { status, jobs, jobLines } = statusWithJobs(dirs, io.env, io.cwd, shard, only, await sweepStoreWithRunsRead(dirs, [], true));
  const summary = writeSummaryCsv(nodeSweepStore, dirs[0] as string, status.manifest.axes, summaryRowsOf(status, nodeSweepStore.runs));
  if (json) {
    io.stdout(formatSweepStatusJson(status, jobs, shownPath(io.cwd, summary), (path) => shownPath(io.cwd, path)));
  } else {
    io.stdout(shownPathsIn(io.cwd, jobLines + formatSweepStatus(status)));
    io.stdout(`summary: ${shownPath(io.cwd, summary)}\n`);
  }
  return status.complete ? EXIT.ok : EXIT.checkFailed;
}
