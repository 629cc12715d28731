import { groupMetricKeys, lastSegment } from "../report/chartGroups.ts";

/**
 * W&B's limit on the rows of a table logged to a run (wandb.Table.MAX_ROWS): the SDK
 * cuts a longer one. A chart's table is thinned to fit (LineSeriesRecorder).
 */
export const TABLE_MAX_ROWS = 10_000;

/** The vega spec `wandb.plot.line_series` draws with, and its table's columns. */
export const LINE_SERIES_PANEL = "wandb/lineseries/v0";
export const LINE_SERIES_COLUMNS = ["step", "lineKey", "lineVal"] as const;

/** One consolidated chart: a metric family (the report's chart of several lines) and its lines. */
export interface LineSeriesFamily {
  /** `charts/<name>` is the chart's key: the family's last path segment (`modalities`, `evictions`, `remaining`). */
  readonly name: string;
  readonly members: readonly { readonly key: string; readonly label: string }[];
}

/**
 * The families that get a line-series chart: every chart of the report (chartGroups.ts)
 * with more than one line (the modality fan-out, evictions and false evictions by mode,
 * remaining and remaining fraction min/max, the wipe count with its `_max`), the lesson
 * of seed 000: one chart per metric with a line per series.
 */
export function lineSeriesFamilies(keys: Iterable<string>): LineSeriesFamily[] {
  return groupMetricKeys(keys)
    .filter((group) => group.members.length > 1)
    .map((group) => ({ name: familyName(group.id), members: group.members.map(({ key, label }) => ({ key, label })) }));
}

/** `stream_mixing/active/modalities/*` -> `modalities`, `stream_mixing/active/remaining_{min,max}` -> `remaining`. */
function familyName(chartId: string): string {
  return lastSegment(chartId.replace(/\/\*$/, "").replace(/_\{min,max\}$/, ""));
}

/** A chart's table, as `wandb.Table` writes it to `<key>_table_<step>_<sha>.table.json`. */
export interface LineSeriesTable {
  readonly family: LineSeriesFamily;
  readonly json: string;
  readonly rows: number;
}

/**
 * Collects each family's points as the rows stream, in bounded memory: a series keeps
 * at most TABLE_MAX_ROWS / lines - 1 points; when full, every other point is dropped and
 * only every second step from then on is kept (the stride doubles), so a long run's chart
 * has evenly spaced points over the whole run. The last step is always added at the end.
 */
export class LineSeriesRecorder {
  private readonly series: { steps: number[]; values: number[][] }[];
  private readonly capacities: number[];
  private readonly strides: number[];
  private lastRow: { step: number; row: Readonly<Record<string, number>> } | undefined;

  constructor(
    readonly families: readonly LineSeriesFamily[],
    private readonly firstStep: number,
  ) {
    this.series = families.map((family) => ({ steps: [], values: family.members.map(() => []) }));
    this.capacities = families.map((family) => Math.floor(TABLE_MAX_ROWS / family.members.length) - 1);
    this.strides = families.map(() => 1);
  }

  offer(step: number, row: Readonly<Record<string, number>>): void {
    this.lastRow = { step, row };
    for (let f = 0; f < this.families.length; f++) {
      if ((step - this.firstStep) % (this.strides[f] as number) !== 0) continue;
      const series = this.series[f] as { steps: number[]; values: number[][] };
      if (series.steps.length >= (this.capacities[f] as number)) {
        this.strides[f] = (this.strides[f] as number) * 2;
        series.steps = series.steps.filter((_, i) => i % 2 === 0);
        series.values = series.values.map((values) => values.filter((_, i) => i % 2 === 0));
        if ((step - this.firstStep) % (this.strides[f] as number) !== 0) continue;
      }
      series.steps.push(step);
      const members = (this.families[f] as LineSeriesFamily).members;
      for (let m = 0; m < members.length; m++) (series.values[m] as number[]).push(row[(members[m] as { key: string }).key] as number);
    }
  }

  /** Each family's table: a row per line and kept step (series after series, as `line_series` orders them). */
  tables(): LineSeriesTable[] {
    return this.families.map((family, f) => {
      const series = this.series[f] as { steps: number[]; values: number[][] };
      const steps = [...series.steps];
      const values = series.values.map((v) => [...v]);
      const last = this.lastRow;
      if (last !== undefined && steps[steps.length - 1] !== last.step) {
        steps.push(last.step);
        family.members.forEach((member, m) => (values[m] as number[]).push(last.row[member.key] as number));
      }
      const data: (string | number)[][] = [];
      family.members.forEach((member, m) => steps.forEach((step, i) => data.push([step, member.label, (values[m] as number[])[i] as number])));
      return { family, json: JSON.stringify({ columns: LINE_SERIES_COLUMNS, data }), rows: data.length };
    });
  }
}

/**
 * The panel `wandb.plot.line_series` registers under `config._wandb.visualize.<key>`:
 * a Vega2 custom chart on the lineseries spec that reads the run summary's `<key>_table`.
 */
export function lineSeriesPanelJson(chartKey: string, title: string): string {
  return JSON.stringify({
    panel_type: "Vega2",
    panel_config: {
      panelDefId: LINE_SERIES_PANEL,
      fieldSettings: { step: "step", lineKey: "lineKey", lineVal: "lineVal" },
      stringSettings: { title, xname: "step" },
      transform: { name: "tableWithLeafColNames" },
      userQuery: {
        queryFields: [
          {
            name: "runSets",
            args: [{ name: "runSets", value: "${runSets}" }],
            fields: [
              { name: "id", fields: [] },
              { name: "name", fields: [] },
              { name: "_defaultColorIndex", fields: [] },
              { name: "summaryTable", args: [{ name: "tableKey", value: `${chartKey}_table` }], fields: [] },
            ],
          },
        ],
      },
    },
  });
}
