import { groupMetricKeys, lastSegment } from "../../format/chartGroups.ts";
import { decimalLength, writeDecimal } from "../../format/decimalText.ts";
import { NUMBER_TEXTS } from "../../format/numberTextCache.ts";

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

/** A chart's table, as `wandb.Table` writes it to `<key>_table_<step>_<sha>.table.json`: its JSON text's UTF-8 bytes. */
export interface LineSeriesTable {
  readonly family: LineSeriesFamily;
  readonly json: Buffer;
  readonly rows: number;
}

/** A line's points, in typed arrays that grow by doubling (number arrays' pushes and truncations were a visible share of a run's W&B writing). */
class Series {
  steps = new Float64Array(64);
  values = new Float64Array(64);
  length = 0;

  push(step: number, value: number): void {
    if (this.length === this.steps.length) {
      const steps = new Float64Array(this.length * 2);
      const values = new Float64Array(this.length * 2);
      steps.set(this.steps);
      values.set(this.values);
      this.steps = steps;
      this.values = values;
    }
    this.steps[this.length] = step;
    this.values[this.length++] = value;
  }
}

/** A family being recorded: its stride (a point is kept at the steps `firstStep + k * stride`) and its lines' series. */
interface FamilyState {
  readonly family: LineSeriesFamily;
  stride: number;
  readonly series: readonly Series[];
  /** The points its lines hold together (kept as they are added: a sum over the lines per step was a visible share of a run's W&B writing). */
  points: number;
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
  private families: FamilyState[] = [];
  /** For the current keys: each family's lines' positions in them (-1 for a key the rows do not have now). */
  private columns: (readonly number[])[] = [];
  /** The positions, per key list (the same list is the same array, RowColumns), until a new key changes the families. */
  private readonly columnsByKeys = new Map<readonly string[], (readonly number[])[]>();
  private readonly seen = new Set<string>();
  private readonly series = new Map<string, Series>();

  /**
   * `firstStep` is the first row's step and `every` the steps between rows (a run's
   * metrics_every, whose last row may fall between two): the thinning keeps every
   * stride-th row, counted from the first.
   */
  constructor(
    private readonly firstStep: number,
    private readonly every = 1,
  ) {}

  /** Tells the recorder the metric keys of the rows from now on (only when they change: a step's cost stays flat); `offer`'s values come in this order. */
  setKeys(keys: readonly string[]): void {
    const known = this.seen.size;
    for (const key of keys) this.seen.add(key);
    if (this.seen.size !== known) {
      const strides = new Map(this.families.map((state) => [state.family.name, state.stride]));
      this.families = lineSeriesFamilies(this.seen).map((family) => ({
        family,
        stride: strides.get(family.name) ?? 1,
        series: family.members.map((member) => this.seriesOf(member.key)),
        points: 0,
      }));
      for (const state of this.families) for (const line of state.series) state.points += line.length;
      this.columnsByKeys.clear();
    }
    let columns = this.columnsByKeys.get(keys);
    if (columns === undefined) {
      columns = this.families.map((state) => state.family.members.map((member) => keys.indexOf(member.key)));
      this.columnsByKeys.set(keys, columns);
    }
    this.columns = columns;
  }

  /** Offers a step's values, by position in the keys last set. */
  offer(step: number, values: readonly number[]): void {
    const families = this.families;
    const offset = step - this.firstStep;
    for (let f = 0; f < families.length; f++) {
      const state = families[f] as FamilyState;
      if (!onPeriod(offset, state.stride * this.every)) continue;
      const series = state.series;
      if (state.points + series.length > TABLE_MAX_ROWS - series.length) {
        state.stride *= 2;
        state.points = 0;
        for (const line of series) {
          this.thin(line, state.stride);
          state.points += line.length;
        }
        if (!onPeriod(offset, state.stride * this.every)) continue;
      }
      const columns = this.columns[f] as readonly number[];
      for (let m = 0; m < series.length; m++) {
        const column = columns[m] as number;
        if (column < 0) continue;
        (series[m] as Series).push(step, values[column] as number);
        state.points++;
      }
    }
  }

  /**
   * Each family's table: a row per line and kept step (series after series, as
   * `line_series` orders them), and the last row's point if its step was not kept. The
   * bytes are JSON.stringify({ columns, data }) of data [[step, label, value], ...], written
   * directly: an array per point for JSON.stringify to walk, and then a string built of
   * every point's text, were most of a long run's W&B finish.
   */
  tables(lastStep: number | undefined, lastRow: Readonly<Record<string, number>> | undefined): LineSeriesTable[] {
    return this.families.map(({ family }) => {
      const table = new TableText();
      for (const member of family.members) {
        const label = Buffer.from(JSON.stringify(member.label), "utf8");
        const series = this.series.get(member.key) ?? new Series();
        const { steps, values } = series;
        for (let i = 0; i < series.length; i++) table.point(steps[i] as number, label, values[i] as number);
        const lastValue = lastRow?.[member.key];
        if (lastStep !== undefined && lastValue !== undefined && (series.length === 0 || steps[series.length - 1] !== lastStep)) table.point(lastStep, label, lastValue);
      }
      return { family, json: table.end(), rows: table.rows };
    });
  }

  private seriesOf(key: string): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      series = new Series();
      this.series.set(key, series);
    }
    return series;
  }

  /** Keeps only the points on `stride`, in place. */
  private thin(series: Series, stride: number): void {
    const { steps, values } = series;
    const period = stride * this.every;
    let kept = 0;
    for (let i = 0; i < series.length; i++) {
      if (!onPeriod((steps[i] as number) - this.firstStep, period)) continue;
      steps[kept] = steps[i] as number;
      values[kept++] = values[i] as number;
    }
    series.length = kept;
  }
}

/**
 * Whether the integer `offset` is a multiple of `period` (offset % period === 0): the
 * quotient's floor times the period is exact for integers below 2^53, and three float
 * operations cost less than `%` on doubles, a call into the C library that was most of
 * the thinning's cost.
 */
function onPeriod(offset: number, period: number): boolean {
  return offset - Math.floor(offset / period) * period === 0;
}

const TABLE_OPEN = Buffer.from(`{"columns":${JSON.stringify(LINE_SERIES_COLUMNS)},"data":[`);
const TABLE_CLOSE = Buffer.from("]}");

/** A table's JSON text, written point by point into a buffer that grows by doubling. */
class TableText {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private at = 0;
  rows = 0;

  constructor() {
    this.at = TABLE_OPEN.copy(this.bytes, 0);
  }

  /** Appends `[step,label,value]` (after a comma but for the first row); `label` is the JSON text of the line's label. */
  point(step: number, label: Buffer, value: number): void {
    // Two numbers of at most 25 characters, the label, the brackets and commas.
    this.room(label.length + 2 * 25 + 4);
    const bytes = this.bytes;
    if (this.rows++ > 0) bytes[this.at++] = 0x2c;
    bytes[this.at++] = 0x5b;
    this.number(step);
    bytes[this.at++] = 0x2c;
    this.at += label.copy(bytes, this.at);
    bytes[this.at++] = 0x2c;
    this.number(value);
    bytes[this.at++] = 0x5d;
  }

  /** The text closed, as bytes of their own. */
  end(): Buffer {
    this.room(TABLE_CLOSE.length);
    this.at += TABLE_CLOSE.copy(this.bytes, this.at);
    return this.bytes.subarray(0, this.at);
  }

  /** JSON's text of a number: a safe integer's digits written with no string made for them, else the shortest round-trip form (`null` for what is not finite), from the cache of recent ones. */
  private number(value: number): void {
    const bytes = this.bytes;
    if (Number.isSafeInteger(value)) {
      this.at = writeDecimal(bytes, this.at, value, decimalLength(value));
      return;
    }
    this.at = NUMBER_TEXTS.copyInto(bytes, this.at, NUMBER_TEXTS.find(value));
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.at + bytes, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
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
