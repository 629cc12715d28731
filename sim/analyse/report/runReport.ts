import { blockIdOf } from "./blockId.ts";
import { buildBlockCharts } from "./blockCharts.ts";
import type { ReportRun } from "./loadReportRun.ts";
import type { ReportDocument } from "./reportDocument.ts";

/**
 * The report of `sim report`: one block overlaying every run, each chart one line (or
 * band) per run. Runs of the same scenario are told apart by their directory in legends.
 */
export function runReport(runs: readonly ReportRun[]): ReportDocument {
  const names = runs.map((run) => run.header.label);
  const labels = runs.map((run, index) =>
    names.indexOf(run.header.label) !== names.lastIndexOf(run.header.label) ? `${run.header.label} (${run.header.source})` : (names[index] as string),
  );
  const headers = runs.map((run, index) => ({ ...run.header, label: labels[index] as string }));
  const charts = buildBlockCharts(
    runs.map((run, index) => ({
      label: labels[index] as string,
      rows: run.rows,
      ...(run.rankRows !== undefined ? { rankRows: run.rankRows } : {}),
      ...(run.packed !== undefined ? { packed: run.packed } : {}),
    })),
  );
  const title = `sim report: ${[...new Set(names)].join(" vs ")}`;
  return { title, blocks: [{ id: blockIdOf(names.join("-")), title: labels.join(" · "), runs: headers, notes: [], charts }] };
}
