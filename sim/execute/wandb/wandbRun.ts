import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WallTime } from "../run/wallTime.ts";
import { HARNESS_VERSION } from "../../version.ts";
import { keptColumns, RowColumns } from "../../format/rowColumns.ts";
import { encodeHistoryKeys, HistoryEncoder, type HistoryKeys } from "./historyEncoder.ts";
import { LineSeriesRecorder, lineSeriesPanelJson, LINE_SERIES_COLUMNS, type LineSeriesTable } from "./lineSeriesCharts.ts";
import {
  encodeConfigRecord,
  encodeExitRecord,
  encodeFilesRecord,
  encodeHeaderRecord,
  encodeRunRecord,
  encodeSummaryRecord,
  type RecordItem,
  type RunRecordFields,
} from "./wandbRecord.ts";
import { offlineRunDirName, runFileName, TABLE_FILES_DIR } from "./wandbLayout.ts";
import { WandbLogFile } from "./wandbLogFile.ts";

/**
 * The header record's version info. wandb-core writes its own version as the producer
 * and "0.70.0" as the oldest reader that may read the file; we name ourselves and ask
 * for the same reader, the format's being the same.
 */
export const WANDB_PRODUCER = `stream-mixing-sim ${HARNESS_VERSION}`;
export const WANDB_MIN_CONSUMER = "0.70.0";
/** The host a run record names: fixed, as the event files' label is, so that runs on different machines are the same bytes. */
export const WANDB_HOST = "stream-mixing-sim";

/**
 * What names the run, as its run record states it (`config`: the resolved scenario's
 * top-level tables as JSON text); the host and start time are the writer's own.
 */
export interface WandbRunSpec extends Omit<RunRecordFields, "host" | "startTimeS"> {
  readonly firstStep: number;
  /** The first step whose row comes and the steps between rows (metrics_every), for the charts' thinning; default firstStep and 1. */
  readonly chartSteps?: { readonly first: number; readonly every: number };
  readonly wallTime: WallTime;
}

type Row = Readonly<Record<string, number>>;

/**
 * One W&B offline run, as the SDK lays it out: `offline-run-<stamp>-<id>/run-<id>.wandb`
 * with the header and run records first, one history record per step as the rows
 * stream (`_step` = the model's step, plus `_runtime` and `_timestamp` from the wall
 * time), and when it ends the consolidated charts (tables under `files/`, the panels in
 * the config), the summary (every key's last value) and the exit record.
 */
export class WandbRun {
  readonly dir: string;
  readonly file: WandbLogFile;
  private readonly history = new HistoryEncoder();
  private num = 0;
  private readonly charts: LineSeriesRecorder;
  /** The rows read as columns, with the history record's layout for each key list. */
  private readonly columns: RowColumns<HistoryLayout>;
  private layout: HistoryLayout | undefined;
  /** A step's history values: the metric values in the record's key order, then `_step`, `_runtime`, `_timestamp` (reused). */
  private readonly historyValues: number[] = [];
  private lastStep: number | undefined;

  constructor(
    wandbDir: string,
    readonly spec: WandbRunSpec,
    /** The row keys that are not metrics: `step` (the record's `_step`) and, in a rank's run, `rank`. */
    omit: readonly string[],
  ) {
    this.columns = new RowColumns((keys) => historyLayout(keys, omit));
    this.charts = new LineSeriesRecorder(spec.chartSteps?.first ?? spec.firstStep, spec.chartSteps?.every ?? 1);
    this.dir = join(wandbDir, offlineRunDirName(spec.wallTime.startS, spec.runId));
    mkdirSync(this.dir, { recursive: true });
    this.file = new WandbLogFile(join(this.dir, runFileName(spec.runId)));
    this.file.append(encodeHeaderRecord(++this.num, WANDB_PRODUCER, WANDB_MIN_CONSUMER, spec.runId));
    this.file.append(
      encodeRunRecord(++this.num, {
        runId: spec.runId,
        project: spec.project,
        displayName: spec.displayName,
        ...(spec.group !== undefined ? { group: spec.group } : {}),
        ...(spec.jobType !== undefined ? { jobType: spec.jobType } : {}),
        tags: spec.tags,
        host: WANDB_HOST,
        config: [{ path: ["_wandb"], valueJson: "{}" }, ...spec.config],
        startTimeS: spec.wallTime.startS,
      }),
    );
  }

  /** Appends a row's history record: every key but the omitted ones, then `_step`, `_runtime`, `_timestamp`. */
  writeRow(row: Row): void {
    this.write(this.columns.read(row));
  }

  /** As `writeRow`, for a row already read as columns (RowColumns' `keys` and `values`): a run reads each row once for all its writers. */
  writeColumns(keys: readonly string[], values: readonly number[]): void {
    this.write(this.columns.adopt(keys, values));
  }

  private write(layout: HistoryLayout): void {
    if (layout !== this.layout) {
      this.layout = layout;
      this.charts.setKeys(layout.metricKeys);
    }
    const values = this.columns.values;
    const step = values[layout.stepColumn] as number;
    const history = this.historyValues;
    const metricColumns = layout.metricColumns;
    const metrics = metricColumns.length;
    for (let i = 0; i < metrics; i++) history[i] = values[metricColumns[i] as number] as number;
    const timestampS = this.spec.wallTime.stepS(step);
    history[metrics] = step;
    history[metrics + 1] = timestampS - this.spec.wallTime.startS;
    history[metrics + 2] = timestampS;
    const record = this.history.encode(++this.num, step, layout.historyKeys, history);
    this.file.appendWithCrc(record.bytes, record.start, record.end, record.fullCrc);
    this.charts.offer(step, history);
    this.lastStep = step;
  }

  /**
   * Ends the run: the chart tables and their panels, the summary and the exit record
   * (`exitCode` 0 for a completed run, 1 for one that stopped early), then closes the file.
   */
  finish(exitCode: number): void {
    const last = this.lastRow();
    const tables = this.charts.tables(this.lastStep, last);
    const tableSummary: RecordItem[] = [];
    if (tables.length > 0) {
      const paths = tables.map((table) => this.writeTable(table));
      this.file.append(
        encodeConfigRecord(
          ++this.num,
          tables.map((table) => ({
            path: ["_wandb", "visualize", `charts/${table.family.name}`],
            valueJson: lineSeriesPanelJson(`charts/${table.family.name}`, table.family.name),
          })),
          this.spec.runId,
        ),
      );
      this.file.append(
        encodeFilesRecord(
          ++this.num,
          paths.map((p) => p.path),
          this.spec.runId,
        ),
      );
      for (const p of paths) tableSummary.push({ path: [`charts/${p.table.family.name}_table`], valueJson: p.summaryJson });
    }
    const summary: RecordItem[] = [];
    if (last !== undefined && this.lastStep !== undefined) {
      for (const key in last) summary.push({ path: [key], valueJson: JSON.stringify(last[key]) });
      const timestampS = this.spec.wallTime.stepS(this.lastStep);
      summary.push({ path: ["_step"], valueJson: JSON.stringify(this.lastStep) });
      summary.push({ path: ["_runtime"], valueJson: JSON.stringify(timestampS - this.spec.wallTime.startS) });
      summary.push({ path: ["_timestamp"], valueJson: JSON.stringify(timestampS) });
    }
    this.file.append(encodeSummaryRecord(++this.num, [...summary, ...tableSummary]));
    const runtimeS = this.lastStep === undefined ? 0 : Math.round(this.spec.wallTime.stepS(this.lastStep) - this.spec.wallTime.startS);
    this.file.append(encodeExitRecord(++this.num, exitCode, runtimeS, this.spec.runId));
    this.file.close();
  }

  /** The last row's metrics (its keys but the omitted ones, in its order), as the history values still hold them; undefined before the first row. */
  private lastRow(): Row | undefined {
    const layout = this.layout;
    if (layout === undefined) return undefined;
    return Object.fromEntries(layout.metricKeys.map((key, i) => [key, this.historyValues[i] as number]));
  }

  /** Closes the file as it is (a run that failed: its records so far stay readable). */
  close(): void {
    this.file.close();
  }

  /** Writes a chart's table where the SDK puts a logged table (`files/media/table/<key>_table_<step>_<sha20>.table.json`). */
  private writeTable(table: LineSeriesTable): { table: LineSeriesTable; path: string; summaryJson: string } {
    const sha256 = createHash("sha256").update(table.json).digest("hex");
    const name = `${table.family.name}_table_${this.lastStep ?? 0}_${sha256.slice(0, 20)}.table.json`;
    const dir = join(this.dir, TABLE_FILES_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), table.json);
    const path = `${TABLE_FILES_DIR.slice("files/".length)}/${name}`;
    const summaryJson = JSON.stringify({ _type: "table-file", path, sha256, size: table.json.length, ncols: LINE_SERIES_COLUMNS.length, nrows: table.rows });
    return { table, path, summaryJson };
  }
}

/** A history record's layout for one list of row keys. */
interface HistoryLayout {
  /** The row's keys less the omitted ones, in the row's order, and where each is in the row. */
  readonly metricKeys: readonly string[];
  readonly metricColumns: readonly number[];
  readonly stepColumn: number;
  /** The record's keys, encoded: the metric keys, then `_step`, `_runtime`, `_timestamp`. */
  readonly historyKeys: HistoryKeys;
}

function historyLayout(keys: readonly string[], omit: readonly string[]): HistoryLayout {
  const { keys: metricKeys, columns: metricColumns } = keptColumns(keys, omit);
  return { metricKeys, metricColumns, stepColumn: keys.indexOf("step"), historyKeys: encodeHistoryKeys([...metricKeys, "_step", "_runtime", "_timestamp"]) };
}
