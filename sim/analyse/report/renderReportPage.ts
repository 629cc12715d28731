import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EChartsOption } from "echarts";
import { chartPanel } from "./chartOption.ts";
import { REPORT_CLIENT_SCRIPT } from "./reportClientScript.ts";
import type { PackedRun } from "../../format/packedRun.ts";
import type { ReportBlock, ReportChart, ReportDocument, ReportTable, RunHeader } from "./reportDocument.ts";
import { REPORT_STYLE } from "./reportStyle.ts";

/** The narrowest a chart gets in the page's grid: its text is wrapped for this width. */
const CHART_MIN_WIDTH_PX = 560;

/**
 * The whole report as one self-contained HTML file: the styles, echarts.min.js (read
 * from node_modules now, so nothing is fetched when the file is opened) and the page's
 * script inlined; the data in a JSON script tag. Text from scenario files reaches the
 * page only through escapeHtml or as escaped JSON, and a Content-Security-Policy lets
 * only the report's own scripts (by hash) run and forbids every request.
 */
export function renderReportPage(document: ReportDocument): string {
  const { charts, columns, packed } = pageData(document);
  const dataJson = jsonForScriptTag(packed.length > 0 ? { charts, columns, packed } : { charts, columns });
  const echartsJs = readFileSync(echartsMinPath(), "utf8");
  const scripts = [echartsJs, REPORT_CLIENT_SCRIPT];
  const csp = ["img-src data:"];

  let chartIndex = 0;
  const nextChart = () => {
    const index = chartIndex++;
    return { index, heightPx: (charts[index] as { heightPx: number }).heightPx };
  };
  const body = document.blocks.map((block) => renderBlock(block, nextChart)).join("\n");
  return [
    pageHead(document.title, REPORT_STYLE, scripts, csp),
    "<body>",
    `<header class="page-header"><h1>${escapeHtml(document.title)}</h1>${document.summary === undefined ? "" : `<pre class="summary">${escapeHtml(document.summary)}</pre>`}${renderIndex(document)}</header>`,
    "<main>",
    body,
    "</main>",
    `<script type="application/json" id="report-data">${dataJson}</script>`,
    `<script>${echartsJs}</script>`,
    `<script>${REPORT_CLIENT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * Every chart's views as page options, with each column array stored once and named by
 * index, and each long run's packed values stored once, named by index from its datasets.
 */
function pageData(document: ReportDocument): { charts: { heightPx: number; views: { name: string; option: EChartsOption }[] }[]; columns: unknown[][]; packed: PackedRun[] } {
  const columnIds = new Map<unknown[], number>();
  const columns: unknown[][] = [];
  const packedIds = new Map<PackedRun, number>();
  const packed: PackedRun[] = [];
  const packedIdOf = (run: PackedRun): number => {
    let id = packedIds.get(run);
    if (id === undefined) {
      id = packed.length;
      packedIds.set(run, id);
      packed.push(run);
    }
    return id;
  };
  const charts = document.blocks.flatMap((block) =>
    block.charts.map((chart) => {
      let heightPx = 0;
      const views = chart.views.map((view) => {
        const panel = chartPanel(view.spec, view.sources, view.marks, { interactive: true, widthPx: CHART_MIN_WIDTH_PX });
        heightPx = Math.max(heightPx, panel.heightPx);
        const option = panel.option;
        const datasets = (option.dataset as { source: Record<string, unknown[]> }[]).map((dataset, sourceIndex) => {
          const source: Record<string, { $col: number }> = {};
          for (const [key, column] of Object.entries(dataset.source)) {
            let id = columnIds.get(column);
            if (id === undefined) {
              id = columns.length;
              columnIds.set(column, id);
              columns.push(column);
            }
            source[key] = { $col: id };
          }
          const run = view.sources[sourceIndex]?.packed;
          return run === undefined ? { source } : { source, packed: packedIdOf(run) };
        });
        return { name: view.name, option: { ...option, dataset: datasets } as EChartsOption };
      });
      return { heightPx, views };
    }),
  );
  return { charts, columns, packed };
}

function renderIndex(document: ReportDocument): string {
  if (document.blocks.length < 2 || !document.blocks.some((block) => block.verdict !== undefined)) return "";
  const rows = document.blocks.map((block) => `<li><a href="#${escapeHtml(block.id)}">${escapeHtml(block.title)}</a>${verdictBadge(block)}</li>`);
  return `<nav class="index"><ul>${rows.join("")}</ul></nav>`;
}

function renderBlock(block: ReportBlock, nextChart: () => { index: number; heightPx: number }): string {
  const parts: string[] = [`<section class="block" id="${escapeHtml(block.id)}">`, `<h2>${escapeHtml(block.title)}${verdictBadge(block)}</h2>`];
  if (block.runs.length > 0) parts.push(`<div class="runs">${block.runs.map(renderRunHeader).join("")}</div>`);
  if (block.notes.length > 0) {
    const items = block.notes.map((note) => `<li class="${note.passed === undefined ? "info" : note.passed ? "pass" : "fail"}">${escapeHtml(note.text)}</li>`);
    parts.push(`<ul class="notes">${items.join("")}</ul>`);
  }
  const sections = new Map<string, ReportChart[]>();
  for (const chart of block.charts) sections.set(chart.section, [...(sections.get(chart.section) ?? []), chart]);
  for (const [section, charts] of sections) {
    parts.push(`<h3 class="section-title">${escapeHtml(section)}/</h3>`, '<div class="charts">');
    for (const chart of charts) parts.push(renderChartFigure(chart, nextChart()));
    parts.push("</div>");
  }
  if (block.table !== undefined) parts.push(renderTable(block.table));
  parts.push("</section>");
  return parts.join("\n");
}

function renderChartFigure(chart: ReportChart, { index, heightPx }: { index: number; heightPx: number }): string {
  const select =
    chart.views.length > 1
      ? `<label class="chart-bar">ranks: <select class="chart-view" aria-label="view of ${escapeHtml(chart.id)}">${chart.views.map((view, i) => `<option value="${i}">${escapeHtml(view.name)}</option>`).join("")}</select></label>`
      : "";
  return `<figure class="chart" data-metric="${escapeHtml(chart.id)}" data-chart="${index}">${select}<div class="chart-plot" style="height:${heightPx}px"></div></figure>`;
}

/** Cells that read as numbers are right-aligned, so that a column of them lines up. */
function renderTable(table: ReportTable): string {
  const cell = (text: string, tag: "th" | "td") =>
    `<${tag}${tag === "td" && text.trim() !== "" && Number.isFinite(Number(text)) ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.header.map((text) => cell(text, "th")).join("")}</tr>`;
  const body = table.records.map((record) => `<tr>${record.map((text) => cell(text, "td")).join("")}</tr>`).join("\n");
  return `<h3 class="section-title">${escapeHtml(table.caption)}</h3><div class="table-scroll"><table class="data"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function renderRunHeader(run: RunHeader): string {
  const resolved = run.resolvedToml === undefined ? "" : `<details><summary>resolved scenario</summary><pre class="resolved">${escapeHtml(run.resolvedToml)}</pre></details>`;
  return [
    '<div class="run">',
    `<h4>${escapeHtml(run.label)}</h4>`,
    `<p class="description">${escapeHtml(run.description)}</p>`,
    `<dl><dt>scenario</dt><dd>${escapeHtml(run.name)}</dd><dt>seed</dt><dd>${run.seed}</dd><dt>steps</dt><dd>${escapeHtml(run.steps)}</dd><dt>from</dt><dd>${escapeHtml(run.source)}</dd></dl>`,
    `<p class="reproduce"><span>reproduce:</span> <code>${escapeHtml(run.reproduce)}</code></p>`,
    resolved,
    "</div>",
  ].join("");
}

function verdictBadge(block: ReportBlock): string {
  if (block.verdict === undefined) return "";
  return ` <span class="verdict ${block.verdict}">${block.verdict === "pass" ? "PASS" : "FAIL"}</span>`;
}

/** Text as HTML text or attribute value: the five characters that could end either are escaped. */
/**
 * A self-contained page's start, up to `</head>`: its Content-Security-Policy lets only
 * `scripts` (by hash) run, inline styles, and what `allow` adds (directives such as
 * `img-src data:`); everything else is refused, requests included.
 */
export function pageHead(title: string, style: string, scripts: readonly string[], allow: readonly string[]): string {
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((script) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`).join(" ")}`,
    "style-src 'unsafe-inline'",
    ...allow,
  ].join("; ");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    "</head>",
  ].join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * JSON that can sit inside a <script> element: `<`, `>` and `&` as \u escapes (so no
 * `</script>` or `<!--` can end or bend the element), and the line separators JSON
 * allows but older JavaScript does not.
 */
export function jsonForScriptTag(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * echarts.min.js: beside this module in the published package, whose bundle
 * (tools/buildPackage.ts) carries a copy since the package does not install echarts;
 * otherwise the installed echarts's, beside the file its package resolves to.
 */
function echartsMinPath(): string {
  const bundled = fileURLToPath(new URL("./echarts.min.js", import.meta.url));
  if (existsSync(bundled)) return bundled;
  return join(dirname(createRequire(import.meta.url).resolve("echarts")), "echarts.min.js");
}
