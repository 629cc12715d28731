import { pathToFileURL } from "node:url";
import { launchChromium } from "../../test/helpers/browser.ts";

/** What the report page of a long run costs in Chromium, in milliseconds, over several page loads. */
export interface ReportPageTimes {
  /** Navigation start to every chart drawn from the summary (`data-ready`), each load. */
  readonly firstPaintMs: readonly number[];
  /** A zoom to a window (1%, 0.1%, 10%, 50% of the run, then back out) to the next frame, each, of every load. */
  readonly zoomMs: readonly number[];
  /** The tooltip shown at a point to the next frame, each, of every load. */
  readonly hoverMs: readonly number[];
}

/** Page loads measured: a stall that comes in some loads only (the GPU's, before the test browser rasterized on the CPU) shows in the slowest. */
const LOADS = 3;

const ZOOMS = [
  [50, 51],
  [20, 20.1],
  [10, 20],
  [0, 50],
  [0, 100],
] as const;

/** Records when <body> gets `data-ready`, installed before the page's own script runs. */
const FIRST_PAINT_SCRIPT = `
new MutationObserver(function (records, observer) {
  if (document.body && document.body.hasAttribute("data-ready")) {
    window.firstPaintMs = performance.now();
    observer.disconnect();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
`;

/**
 * Zooms and hovers the remaining fractions' chart (or the first), each timed to the next
 * animation frame, starting the instant <body> gets `data-detail` (the packed values
 * decoded), when the page has the most left to do; the chart is scrolled into view first,
 * as a user sees what they zoom. Installed before the page's own script; the measures are
 * the promise `window.measured`.
 */
const MEASURE_SCRIPT = `
window.measured = new Promise(function (resolve) {
  new MutationObserver(function (records, observer) {
    if (!document.body || !document.body.hasAttribute("data-detail")) return;
    observer.disconnect();
    resolve(simBenchMeasure(${JSON.stringify(ZOOMS)}));
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-detail"] });
});
async function simBenchMeasure(zooms) {
  var plot = document.querySelector('figure.chart[data-metric="stream_mixing/active/remaining_fraction_{min,max}"] .chart-plot') || document.querySelector("figure.chart .chart-plot");
  plot.scrollIntoView({ block: "center" });
  var instance = window.echarts.getInstanceByDom(plot);
  function frame() { return new Promise(function (resolve) { requestAnimationFrame(function () { resolve(); }); }); }
  var zoomMs = [];
  var hoverMs = [];
  for (var i = 0; i < zooms.length; i++) {
    var t = performance.now();
    instance.dispatchAction({ type: "dataZoom", start: zooms[i][0], end: zooms[i][1] });
    await frame();
    zoomMs.push(performance.now() - t);
    var h = performance.now();
    instance.dispatchAction({ type: "showTip", x: instance.getWidth() / 2, y: instance.getHeight() / 2 });
    await frame();
    hoverMs.push(performance.now() - h);
  }
  return { zoomMs: zoomMs, hoverMs: hoverMs };
}`;

/**
 * Opens the report in headless Chromium (test/helpers/browser.ts) `LOADS` times, each in
 * a new page, records when `data-ready` is set (a MutationObserver installed before the
 * page's own script), and from the instant `data-detail` is set (the packed values
 * decoded) times zooms and hovers on the chart of
 * `stream_mixing/active/remaining_fraction_{min,max}` in the page itself, each to the next
 * animation frame: what a user waits for.
 */
export async function measureReportPage(file: string): Promise<ReportPageTimes> {
  const { browser, close } = await launchChromium();
  const firstPaintMs: number[] = [];
  const zoomMs: number[] = [];
  const hoverMs: number[] = [];
  try {
    for (let load = 0; load < LOADS; load++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // Scripts for the page are given as text: tsx (which runs the bench) would name their functions with a helper the page lacks.
      await page.addInitScript(FIRST_PAINT_SCRIPT + MEASURE_SCRIPT);
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector("body[data-ready]", { timeout: 120_000 });
      firstPaintMs.push((await page.evaluate("window.firstPaintMs")) as number);
      const times = (await page.evaluate("window.measured")) as { zoomMs: number[]; hoverMs: number[] };
      zoomMs.push(...times.zoomMs);
      hoverMs.push(...times.hoverMs);
      await page.close();
    }
    return { firstPaintMs, zoomMs, hoverMs };
  } finally {
    await close();
  }
}
