import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../../src/errors.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { parseGolden } from "../golden/parseGolden.ts";
import { reproduceLine } from "../check/reproduceLine.ts";
import { loadRecordedScenario } from "../run/loadRecordedScenario.ts";
import { readArtifacts, readRunFile } from "../run/readRunDirectory.ts";
import { RUN_FILES } from "../run/runFiles.ts";
import type { RunHeader } from "./reportDocument.ts";

/** A recorded run as the report draws it: its header, its rows and, when recorded, each rank's rows. */
export interface ReportRun {
  readonly header: RunHeader;
  readonly rows: readonly MetricsRow[];
  /** metrics.per_rank.jsonl split by rank (index = rank), when the run wrote it. */
  readonly rankRows?: readonly (readonly MetricsRow[])[];
}

/**
 * Reads a run directory for the report, as strictly as replay reads it: artifacts.json,
 * scenario.resolved.toml and metrics.jsonl must be there, and metrics.jsonl must hold
 * exactly the steps the run recorded (a truncated file names its line). Bad input is a
 * UserError (exit 2) before anything is written.
 */
export function loadReportRun(runDir: string, shownDir: string): ReportRun {
  if (!existsSync(runDir)) throw new UserError(`${shownDir}: not a run directory (no such directory)`);
  if (!statSync(runDir).isDirectory()) throw new UserError(`${shownDir}: not a run directory (it is a file); give a directory written by \`sim run\``);
  if (!existsSync(join(runDir, RUN_FILES.artifacts)) && !existsSync(join(runDir, RUN_FILES.events))) {
    throw new UserError(`${shownDir}: not a run directory: it has neither ${RUN_FILES.artifacts} nor ${RUN_FILES.events}; give a directory written by \`sim run\``);
  }
  const artifacts = readArtifacts(runDir);
  const { scenario } = loadRecordedScenario(runDir, artifacts);
  const resolvedToml = readRunFile(runDir, RUN_FILES.resolvedScenario, "the scenario as run");

  const metricsFile = join(shownDir, RUN_FILES.metrics);
  const text = readRunFile(runDir, RUN_FILES.metrics, "the run's metrics");
  if (text.length === 0) throw new UserError(`${metricsFile}:1: the file is empty: the run recorded no metrics`);
  const rows = parseGolden(text, metricsFile, { firstStep: artifacts.first_step });
  const expectedRows = artifacts.steps - artifacts.first_step + 1;
  if (rows.length !== expectedRows) {
    throw new UserError(
      `${metricsFile}:${rows.length + 1}: expected ${expectedRows} rows (steps ${artifacts.first_step}..${artifacts.steps}, as artifacts.json records), found ${rows.length}: the file is truncated`,
    );
  }

  let rankRows: MetricsRow[][] | undefined;
  if (artifacts.per_rank) {
    const worldSize = scenario.model.world_size;
    const perRankFile = join(shownDir, RUN_FILES.metricsPerRank);
    const perRankText = readRunFile(runDir, RUN_FILES.metricsPerRank, "artifacts.json says the run wrote it");
    const all = parseGolden(perRankText, perRankFile, { firstStep: artifacts.first_step, rowsPerStep: worldSize });
    if (all.length !== expectedRows * worldSize) {
      throw new UserError(`${perRankFile}:${all.length + 1}: expected ${expectedRows * worldSize} rows (${worldSize} ranks a step), found ${all.length}: the file is truncated`);
    }
    rankRows = Array.from({ length: worldSize }, () => []);
    all.forEach((row, index) => {
      const rank = index % worldSize;
      if (row.rank !== rank) throw new UserError(`${perRankFile}:${index + 1}: expected rank ${rank} (ranks in order each step), but found ${JSON.stringify(row.rank)}`);
      const { rank: _rank, ...metrics } = row;
      (rankRows as MetricsRow[][])[rank]?.push(metrics as MetricsRow);
    });
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
    rows,
    ...(rankRows !== undefined ? { rankRows } : {}),
  };
}
