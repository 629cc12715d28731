import type { ChartMarks, ChartSource, ChartSpec } from "./chartOption.ts";

/** What the report's header says about one run: enough to know it and to reproduce it. */
export interface RunHeader {
  /** The run's name in legends. */
  readonly label: string;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** The steps drawn, as `first..last`. */
  readonly steps: string;
  /** Where the run came from: a run directory, a scenario file, a golden file. */
  readonly source: string;
  readonly reproduce: string;
  /** The resolved scenario as TOML text, shown verbatim (escaped). */
  readonly resolvedToml?: string;
}

/**
 * One way to look at a chart (the cluster view, a rank's lines, the band over ranks): the
 * chart description, its data and its marks, from which chartOption builds the page's
 * chart and the static SVG alike.
 */
export interface ChartView {
  readonly name: string;
  readonly spec: ChartSpec;
  readonly sources: readonly ChartSource[];
  readonly marks: readonly ChartMarks[];
}

/** One chart: its metric or pattern (`data-metric`), its section, its views (the first is the default). */
export interface ReportChart {
  readonly id: string;
  readonly section: string;
  readonly views: readonly ChartView[];
}

/** A line of text under a block's header; `passed` marks it with a verdict. */
export interface ReportNote {
  readonly text: string;
  readonly passed?: boolean;
}

/** A table of text cells at the end of a block (a sweep's summary.csv), every cell shown escaped. */
export interface ReportTable {
  readonly caption: string;
  readonly header: readonly string[];
  readonly records: readonly (readonly string[])[];
}

/** One block of the report: a set of overlaid runs, or one scenario of a check. */
export interface ReportBlock {
  readonly id: string;
  readonly title: string;
  readonly verdict?: "pass" | "fail";
  readonly runs: readonly RunHeader[];
  readonly notes: readonly ReportNote[];
  readonly charts: readonly ReportChart[];
  readonly table?: ReportTable;
}

export interface ReportDocument {
  readonly title: string;
  /** Preformatted text under the title (`sim check`'s own table). */
  readonly summary?: string;
  readonly blocks: readonly ReportBlock[];
}
