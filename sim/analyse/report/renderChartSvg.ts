// ECharts' one-file build, the same version and code as the package's main entry, which
// is several hundred ES modules: loading those took about 0.4 s of CPU a process, this
// file about 0.04 s (echartsOneFile.d.ts types it as the main entry).
import * as echarts from "echarts/dist/echarts.esm.min";
import { chartPanel } from "./chartOption.ts";
import type { ChartView } from "./reportDocument.ts";

export const SVG_WIDTH_PX = 960;

/**
 * One chart as a standalone SVG, rendered without a browser by ECharts' server-side
 * renderer from the same chart description as the page (title, axes and legend
 * included, no zoom slider or tooltip).
 */
export function renderChartSvg(view: ChartView): string {
  const { option, heightPx } = chartPanel(view.spec, view.sources, view.marks, { interactive: false, widthPx: SVG_WIDTH_PX });
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: SVG_WIDTH_PX, height: heightPx });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A chart id as a file name: `stream_mixing/active/modalities/*` is `stream_mixing.active.modalities.all.svg`. */
export function svgFileName(chartId: string, prefix?: string): string {
  const stem = chartId
    .replace(/\{min,max\}/g, "min_max")
    .replace(/\*/g, "all")
    .replace(/\//g, ".")
    .replace(/[^A-Za-z0-9._-]/g, "_");
  return `${prefix === undefined ? "" : `${prefix}--`}${stem}.svg`;
}
