import { unreachableReason } from "../../io/errnoReason.ts";
import { basename, join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { metricsRowsOf, type RowsLayout } from "../../format/metricsRows.ts";
import { reproduceLine } from "../../verify/check/reproduceLine.ts";
import { loadRecordedScenario } from "../../execute/run/loadRecordedScenario.ts";
import { readArtifacts, readRunFile, runFileLines } from "../../execute/run/readRunDirectory.ts";
import { metricsEveryOf, type RunArtifacts } from "../../execute/run/runArtifacts.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { firstWrittenStepFrom, writtenStepCount } from "../../format/writtenSteps.ts";
import { DrawnRowsKeeper, LONG_RUN_STEPS } from "../../format/drawnRows.ts";
import type { PackedRun } from "../../format/packedRun.ts";
import type { RunHeader } from "./reportDocument.ts";
import { SummaryRows } from "../../format/summaryRows.ts";
import { nodeRunStore } from "../../execute/run/nodeRunStore.ts";
import { isDirectory } from "../../io/regularFile.ts";

/** A recorded run as the report draws it: its header, its rows and, when recorded, each rank's rows. */
export interface ReportRun {
  readonly header: RunHeader;
  /** Every row; a long run's summary rows. */
  readonly rows: readonly MetricsRow[];
  /** metrics.per_rank.jsonl split by rank (index = rank), when the run wrote it; a long run's summary rows of each rank. */
  readonly rankRows?: readonly (readonly MetricsRow[])[];
  /** A long run's every value, packed for the page. */
  readonly packed?: PackedRun;
}

/**
 * Reads a run directory for the report, as strictly as replay reads it: artifacts.json,
 * scenario.resolved.toml and metrics.jsonl must be there, and metrics.jsonl must hold
 * exactly the steps the run recorded (a truncated file names its line). Bad input is a
 * UserError (exit 2) before anything is written.
 */
export function loadReportRun(runDir: string, shownDir: string): ReportRun {
  const unreachable = unreachableReason(runDir);
  if (unreachable !== undefined) throw new UserError(`${shownDir}: not a run directory (${unreachable.code === "ENOENT" ? "no such directory" : unreachable.reason})`);
  if (!isDirectory(runDir)) throw new UserError(`${shownDir}: not a run directory (it is a file); give a directory written by \`sim run\``);
  if (!nodeRunStore.holds(runDir, RUN_FILES.artifacts) && !nodeRunStore.holds(runDir, RUN_FILES.events)) {
    throw new UserError(`${shownDir}: not a run directory: it has neither ${RUN_FILES.artifacts} nor ${RUN_FILES.events}; give a directory written by \`sim run\``);
  }
  const artifacts = readArtifacts(runDir);
  const { scenario } = loadRecordedScenario(runDir, artifacts);
  const resolvedToml = readRunFile(runDir, RUN_FILES.resolvedScenario, "the scenario as run");

  // A long run is drawn from a summary and its packed values (summaryRows.ts, packedRun.ts), so the report's memory is flat in the run's length.
  const written = { every: metricsEveryOf(artifacts), lastStep: artifacts.steps };
  const stepCount = writtenStepCount(written, artifacts.first_step);
  const long = stepCount > LONG_RUN_STEPS;
  const keeper = new DrawnRowsKeeper(stepCount, firstWrittenStepFrom(written, artifacts.first_step));
  for (const row of metricsRowsOf(runFileLines(runDir, RUN_FILES.metrics, { shownDir }), join(shownDir, RUN_FILES.metrics), runLayout(artifacts))) keeper.add(row);
  const drawn = keeper.finish();

  let rankRows: MetricsRow[][] | undefined;
  if (artifacts.per_rank) {
    const worldSize = scenario.model.world_size;
    const lines = runFileLines(runDir, RUN_FILES.metricsPerRank, { shownDir, hint: "artifacts.json says the run wrote it" });
    rankRows = Array.from({ length: worldSize }, () => []);
    const rankSummaries = long ? Array.from({ length: worldSize }, () => new SummaryRows(stepCount)) : undefined;
    for (const row of metricsRowsOf(lines, join(shownDir, RUN_FILES.metricsPerRank), { ...runLayout(artifacts), rowsPerStep: worldSize })) {
      const { rank, ...metrics } = row;
      if (rankSummaries === undefined) rankRows[rank as number]?.push(metrics as MetricsRow);
      else rankSummaries[rank as number]?.add(metrics as MetricsRow);
    }
    if (rankSummaries !== undefined) rankRows = rankSummaries.map((rankSummary) => rankSummary.finish());
  }

  const reproduce = `${reproduceLine(join(shownDir, RUN_FILES.resolvedScenario), artifacts.seed)} --steps ${artifacts.steps}${artifacts.per_rank ? " --per-rank" : ""}`;
  return {
    header: {
      label: artifacts.scenario,
      name: artifacts.scenario,
      description: scenario.description,
      seed: artifacts.seed,
      steps: `${artifacts.first_step}..${artifacts.steps}`,
      source: shownDir || basename(runDir),
      reproduce,
      resolvedToml,
    },
    rows: drawn.rows,
    ...(rankRows !== undefined ? { rankRows } : {}),
    ...(drawn.packed !== undefined ? { packed: drawn.packed } : {}),
  };
}

/** A completed run's metrics files: the steps of first_step..steps its metrics_every writes, all of them (a shorter file is truncated). */
function runLayout(artifacts: RunArtifacts): RowsLayout {
  return { firstStep: artifacts.first_step, lastStep: artifacts.steps, every: metricsEveryOf(artifacts), whenEmpty: ": the run recorded no metrics" };
}
