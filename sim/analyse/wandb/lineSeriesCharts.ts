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

interface Series {
  steps: number[];
  values: number[];
}

/**
 * Collects each family's points as the rows stream, in bounded memory: a family's table
 * holds at most TABLE_MAX_ROWS rows (a row per line and step), so when it is full every
 * point off the doubled stride is dropped and only steps on it are kept from then on; a
 * long run's chart has evenly spaced points over the whole run. The last step is always
 * added at the end. A key that appears later (or stops, as a modality does after a
 * modeled resume) has points only where the rows have it.
 */
export class LineSeriesRecorder {
  private families: LineSeriesFamily[] = [];
  /** Each family's members with their series, looked up once per key set rather than per step. */
  private membersOf: { key: string; series: Series }[][] = [];
  private readonly seen = new Set<string>();
  private readonly series = new Map<string, Series>();
  private readonly strides = new Map<string, number>();
  private lastRow: { step: number; row: Readonly<Record<string, number>> } | undefined;

  constructor(private readonly firstStep: number) {}

  /** Tells the recorder the metric keys of the rows from now on (only when they change: a step's cost stays flat). */
  setKeys(keys: Iterable<string>): void {
    for (const key of keys) this.seen.add(key);
    this.families = lineSeriesFamilies(this.seen);
    this.membersOf = this.families.map((family) => family.members.map((member) => ({ key: member.key, series: this.seriesOf(member.key) })));
  }

  offer(step: number, row: Readonly<Record<string, number>>): void {
    this.lastRow = { step, row };
    const families = this.families;
    for (let f = 0; f < families.length; f++) {
      const family = families[f] as LineSeriesFamily;
      const members = this.membersOf[f] as { key: string; series: Series }[];
      let stride = this.strides.get(family.name) ?? 1;
      if ((step - this.firstStep) % stride !== 0) continue;
      let points = 0;
      for (const member of members) points += member.series.steps.length;
      if (points + members.length > TABLE_MAX_ROWS - members.length) {
        stride *= 2;
        this.strides.set(family.name, stride);
        for (const member of members) this.thin(member.series, stride);
        if ((step - this.firstStep) % stride !== 0) continue;
      }
      for (const member of members) {
        const value = row[member.key];
        if (value === undefined) continue;
        member.series.steps.push(step);
        member.series.values.push(value);
      }
    }
  }

  /** Each family's table: a row per line and kept step (series after series, as `line_series` orders them). */
  tables(): LineSeriesTable[] {
    const last = this.lastRow;
    return this.families.map((family) => {
      const data: (string | number)[][] = [];
      for (const member of family.members) {
        const series = this.series.get(member.key) ?? { steps: [], values: [] };
        series.steps.forEach((step, i) => data.push([step, member.label, series.values[i] as number]));
        const lastValue = last?.row[member.key];
        if (last !== undefined && lastValue !== undefined && series.steps[series.steps.length - 1] !== last.step) data.push([last.step, member.label, lastValue]);
      }
      return { family, json: JSON.stringify({ columns: LINE_SERIES_COLUMNS, data }), rows: data.length };
    });
  }

  private seriesOf(key: string): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      series = { steps: [], values: [] };
      this.series.set(key, series);
    }
    return series;
  }

  private thin(series: Series, stride: number): void {
    const keep = series.steps.map((step) => (step - this.firstStep) % stride === 0);
    series.steps = series.steps.filter((_, i) => keep[i]);
    series.values = series.values.filter((_, i) => keep[i]);
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
