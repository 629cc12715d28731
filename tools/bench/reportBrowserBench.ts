import { pathToFileURL } from "node:url";
import { launchChromium } from "../../test/helpers/browser.ts";

/** What the report page of a long run costs in Chromium, in milliseconds. */
export interface ReportPageTimes {
  /** Navigation start to every chart drawn from the summary (`data-ready`). */
  readonly firstPaintMs: number;
  /** A zoom to a window (1%, 0.1%, 10%, 50% of the run, then back out) to the next frame, each. */
  readonly zoomMs: readonly number[];
  /** The tooltip shown at a point to the next frame, each. */
  readonly hoverMs: readonly number[];
}

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

/** Zooms and hovers the remaining fractions' chart (or the first), each timed to the next animation frame. */
const MEASURE_SCRIPT = `async function (zooms) {
  var plot = document.querySelector('figure.chart[data-metric="stream_mixing/active/remaining_fraction_{min,max}"] .chart-plot') || document.querySelector("figure.chart .chart-plot");
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
 * Opens the report in headless Chromium (test/helpers/browser.ts), records when
 * `data-ready` is set (a MutationObserver installed before the page's own script), waits
 * for `data-detail` (the packed values decoded), then times zooms and hovers on the
 * chart of `stream_mixing/active/remaining_fraction_{min,max}` in the page itself, each
 * to the next animation frame: what a user waits for.
 */
export async function measureReportPage(file: string): Promise<ReportPageTimes> {
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Scripts for the page are given as text: tsx (which runs the bench) would name their functions with a helper the page lacks.
    await page.addInitScript(FIRST_PAINT_SCRIPT);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready]", { timeout: 120_000 });
    const firstPaintMs = (await page.evaluate("window.firstPaintMs")) as number;
    await page.waitForSelector("body[data-detail]", { timeout: 120_000 });
    const times = (await page.evaluate(`(${MEASURE_SCRIPT})(${JSON.stringify(ZOOMS)})`)) as { zoomMs: number[]; hoverMs: number[] };
    return { firstPaintMs, ...times };
  } finally {
    await close();
  }
}
