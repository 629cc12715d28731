import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser.ts";
import { FIXTURE_REPORT_CHARTS } from "../helpers/reportCharts.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runBuiltMain, runMain } from "../helpers/runMain.ts";

/**
 * The report in a real browser (headless Chromium): it loads with no error and no
 * request, every chart draws, hover and legend work, scenario text stays text, and a
 * screenshot shows something. A browser that cannot start (test/helpers/browser.ts) is a
 * failure that says why.
 */

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");
const HOSTILE = `</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & 'quotes'`;
const CHARTS = FIXTURE_REPORT_CHARTS;
/** The sweep report's first chart: a metric's sum per run against ledger.capacity, a line per seed. */
const SWEEP_METRIC = "stream_mixing/active/remaining_max";
const SWEEP_CHART = `${SWEEP_METRIC}:sum by ledger.capacity per seed`;

let dir: string;
let cleanup: () => void;
let browser: Browser;
let closeBrowser: () => Promise<void>;
/** Why Chromium could not start: every test then fails with it (none is skipped). */
let launchError: Error | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir("sim-report-browser-"));
  cpSync(join(FIXTURES, "scenarios"), join(dir, "scenarios"), { recursive: true });
  cpSync(join(FIXTURES, "golden"), join(dir, "golden"), { recursive: true });
  writeFileSync(join(dir, "hostile.toml"), `extends = "scenarios/tiny_healthy.toml"\ndescription = ${JSON.stringify(HOSTILE)}\n`);
  // In this process; the sweep on the built CLI, whose pool workers run built code, and
  // in its worker's process while this thread makes the runs, the reports and the check.
  // One worker: the sweep is only the report's data, and a second process to start would
  // cost more CPU (about 0.14 s) than its share of six 20-step configs.
  const sim = async (...args: string[]) => {
    const result = args[0] === "sweep" && args[1] !== "report" ? await runBuiltMain(args, { cwd: dir }) : await runMain(args, { cwd: dir });
    expect(result.stderr).toBe(args[0] === "check" ? `report: ${args[2]}\n` : "");
    return result;
  };
  const sweep = sim("sweep", join(PROJECT_ROOT, "test/fixtures/sweeps/small_sweep.toml"), "--out", "sweep", "--jobs", "1");
  await sim("run", "scenarios/tiny_healthy.toml", "--per-rank", "--out", "runs/healthy");
  await sim("run", "scenarios/tiny_stale.toml", "--out", "runs/stale");
  await sim("run", "hostile.toml", "--out", "runs/hostile");
  await sim("report", "runs/healthy", "runs/stale", "--out", "two.html");
  await sim("report", "runs/hostile", "--out", "hostile.html");
  await sim("check", "--report", "check.html");
  await sweep;
  await sim(
    "sweep",
    "report",
    "sweep",
    "--out",
    "sweep.html",
    "--metric",
    SWEEP_METRIC,
    "--metric",
    "stream_mixing/active/remaining_min",
    "--x",
    "ledger.capacity",
    "--series",
    "seed",
  );
  try {
    ({ browser, close: closeBrowser } = await launchChromium());
  } catch (error) {
    launchError = error as Error;
  }
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  cleanup?.();
});

/** The window every test starts from (the narrow-window test changes it for itself). */
const VIEWPORT = { width: 1400, height: 900 };

/**
 * The one page the tests open their reports in, each test navigating it to its report: a
 * fresh document each time, whose console errors and requests are recorded apart. A new
 * page is a new renderer process that compiles the report's ECharts again, about 0.45 s
 * of Chromium's CPU a page, where navigating the page it has already compiled the script
 * in costs about 0.1 s (four loads of two.html each way: 1.9 s against 0.45 s).
 */
let shared: Page | undefined;
/** What the current document has logged as an error and asked for, beside the file itself. */
let recorded: { url: string; errors: string[]; requests: string[] } = { url: "", errors: [], requests: [] };

/** Opens a report in the shared page, recording console errors, page errors and every request that is not the file itself. */
async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  if (launchError !== undefined) throw launchError;
  if (shared === undefined) {
    shared = await browser.newPage({ viewport: VIEWPORT });
    shared.on("console", (message) => {
      if (message.type() === "error") recorded.errors.push(message.text());
    });
    shared.on("pageerror", (error) => recorded.errors.push(error.message));
    shared.on("request", (request) => {
      if (request.url() !== recorded.url) recorded.requests.push(request.url());
    });
  }
  const page = shared;
  // Where the last test left the window and the mouse has no bearing on this one.
  await page.setViewportSize(VIEWPORT);
  await page.mouse.move(0, 0);
  recorded = { url: pathToFileURL(join(dir, file)).href, errors: [], requests: [] };
  const { errors, requests } = recorded;
  await page.goto(recorded.url);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  return { page, errors, requests };
}

const chart = (page: Page, metric: string) => page.locator(`figure.chart[data-metric="${metric}"]`);

/** Moves the mouse to a fraction of a chart's plot and waits for the tooltip; returns its heading and its rows' names and values. */
async function hover(page: Page, figure: ReturnType<typeof chart>, fractionX = 0.5): Promise<{ heading: string; rows: (string | null | undefined)[][] }> {
  await figure.scrollIntoViewIfNeeded();
  const box = await figure.locator(".chart-plot").boundingBox();
  if (box === null) throw new Error("the chart has no box");
  await page.mouse.move(box.x + box.width * fractionX, box.y + box.height / 2);
  const tooltip = figure.locator(".tt-step");
  await tooltip.waitFor({ state: "visible", timeout: 5_000 });
  const rows = await figure.locator(".tt-row").evaluateAll((els) => els.map((el) => [el.querySelector(".tt-name")?.textContent, el.querySelector(".tt-value")?.textContent]));
  return { heading: (await tooltip.textContent()) ?? "", rows };
}

/** The legend's selection of a chart, as ECharts holds it. */
function legendSelection(page: Page, metric: string): Promise<Record<string, boolean>> {
  return page.evaluate((id) => {
    const plot = document.querySelector(`figure.chart[data-metric="${id}"] .chart-plot`);
    const option = (window as unknown as { echarts: { getInstanceByDom(el: Element | null): { getOption(): { legend: { selected: Record<string, boolean> }[] } } } }).echarts
      .getInstanceByDom(plot)
      .getOption();
    return option.legend[0]?.selected ?? {};
  }, metric);
}

describe("the report in headless Chromium", () => {
  it("loads with no console error and no network request, and every chart draws", async () => {
    const { page, errors, requests } = await open("two.html");
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const metrics = await page.locator("figure.chart").evaluateAll((figures) => figures.map((figure) => figure.getAttribute("data-metric")));
    expect(metrics).toEqual(CHARTS);
    for (const metric of CHARTS) {
      // A drawn chart is an SVG whose lines are paths with many points.
      const longest = await chart(page, metric)
        .locator("svg path")
        .evaluateAll((paths) => Math.max(0, ...paths.map((path) => (path.getAttribute("d") ?? "").length)));
      expect(longest, metric).toBeGreaterThan(50);
    }
  });

  it("hovering a chart shows the step and each line's value", async () => {
    const { page } = await open("two.html");
    const figure = chart(page, "stream_mixing/active/remaining_{min,max}");
    const { heading, rows } = await hover(page, figure);
    const step = Number(heading.replace("step ", ""));
    expect(Number.isInteger(step) && step >= 1 && step <= 12).toBe(true);
    // Two runs, each with its min and max line: four exact values from metrics.jsonl.
    const recorded = readFileSync(join(dir, "runs/healthy/metrics.jsonl"), "utf8").split("\n")[step - 1] as string;
    const row = JSON.parse(recorded) as Record<string, number>;
    expect(rows).toContainEqual(["tiny_healthy · max", String(row["stream_mixing/active/remaining_max"])]);
    expect(rows).toContainEqual(["tiny_healthy · min", String(row["stream_mixing/active/remaining_min"])]);
    expect(rows.map((r) => r[0]).sort()).toEqual(["tiny_healthy · max", "tiny_healthy · min", "tiny_stale · max", "tiny_stale · min"]);
  });

  it("clicking a legend entry hides its line, and clicking again shows it", async () => {
    const { page } = await open("two.html");
    const figure = chart(page, "stream_mixing/active/steps_since_pick_max");
    const visibleLines = async (): Promise<[number, number]> => [await figure.locator("svg path[stroke-dasharray]").count(), await figure.locator("svg path").count()];
    const selected = () => legendSelection(page, "stream_mixing/active/steps_since_pick_max");
    const [dashedBefore, pathsBefore] = await visibleLines();
    // tiny_stale is the second run: its line is the dashed one.
    expect(dashedBefore).toBeGreaterThan(0);
    await figure.locator("svg text", { hasText: /^tiny_stale$/ }).click();
    await expect.poll(selected).toMatchObject({ tiny_stale: false });
    // ECharts redraws the SVG after the selection changes, a frame or more later on a loaded machine: wait for the drawing, not only the state.
    await expect.poll(visibleLines).toEqual([0, expect.any(Number)]);
    expect((await visibleLines())[1]).toBeLessThan(pathsBefore);
    await figure.locator("svg text", { hasText: /^tiny_stale$/ }).click();
    await expect.poll(selected).toMatchObject({ tiny_stale: true });
    await expect.poll(async () => (await visibleLines())[0]).toBe(dashedBefore);
  });

  it("shows a rank's lines on request: the default view is the cluster's", async () => {
    const { page } = await open("two.html");
    const figure = chart(page, "stream_mixing/active/steps_since_pick_max");
    expect(await figure.getAttribute("data-view")).toBe("cluster");
    await figure.locator("select.chart-view").selectOption({ label: "rank 1" });
    expect(await figure.getAttribute("data-view")).toBe("rank 1");
    expect(await figure.locator("svg text", { hasText: /^tiny_healthy · rank 1$|^steps_since_pick_max$/ }).count()).toBeGreaterThan(0);
    await figure.locator("select.chart-view").selectOption({ label: "min–max over ranks" });
    expect(await figure.locator("svg text", { hasText: "steps_since_pick_max min over ranks" }).count()).toBe(1);
  });

  it("renders a hostile description as literal text and runs none of it", async () => {
    const { page, errors } = await open("hostile.html");
    expect(await page.locator(".run .description").first().textContent()).toBe(HOSTILE);
    expect(await page.locator("h2").first().textContent()).toBe("hostile");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.locator("pre.resolved").first().textContent()).toContain(JSON.stringify(HOSTILE).slice(1, 20));
    expect(errors).toEqual([]);
  });

  it("shows every scenario of a check with its verdict, its baseline and its expectations", async () => {
    const { page, errors, requests } = await open("check.html");
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator("section.block .verdict").allTextContents()).toEqual(["PASS", "PASS"]);
    const stale = page.locator("section#tiny_stale");
    expect(await stale.locator(".notes li.pass").count()).toBeGreaterThan(1);
    const evictions = stale.locator('figure.chart[data-metric="ledger/evictions/*"]');
    expect(await evictions.locator("svg text", { hasText: /^baseline tiny_healthy · stale$/ }).count()).toBe(1);
    expect(await evictions.locator("svg text", { hasText: "signature" }).count()).toBeGreaterThan(0);
  });

  it("wraps the check's summary on a narrow window, where a failed expectation's long line was cut off at the panel's edge", async () => {
    const { page } = await open("check.html");
    await page.setViewportSize({ width: 640, height: 900 });
    const summary = page.locator("header pre.summary");
    // Why: a passing check's lines are short; a failure's line names the metric, the stat, the steps and both values.
    const longLine = `  expectation "several readers exhaust per step on average" failed: mean of stream_mixing/refill/exhaust_events over steps 1..200 (200 steps) = 4.61, expected >= 200`;
    const text = await summary.evaluate((el, line) => {
      el.textContent = `${el.textContent ?? ""}\n${line}`;
      return el.textContent;
    }, longLine);
    expect(text).toContain(longLine);
    const { scrollWidth, clientWidth } = await summary.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it("draws a sweep's charts: no console error, no request, the sweep's axes and status, and summary.csv's table", async () => {
    const { page, errors, requests } = await open("sweep.html");
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator("figure.chart").evaluateAll((figures) => figures.map((figure) => figure.getAttribute("data-metric")))).toEqual([
      SWEEP_CHART,
      "stream_mixing/active/remaining_min:sum by ledger.capacity per seed",
    ]);
    for (const figure of await page.locator("figure.chart").all()) {
      // Three lines (one per seed), each a path through its two points, with a marker on each point.
      expect(await figure.locator("svg path[fill='none']").count()).toBeGreaterThanOrEqual(3);
      expect(await figure.locator("svg text", { hasText: /^seed=[123]$/ }).count()).toBe(3);
      expect(await figure.locator("svg text", { hasText: /^ledger\.capacity$/ }).count()).toBe(1);
    }
    expect(await page.locator(".notes li").allTextContents()).toEqual(expect.arrayContaining(["axes: ledger.capacity (2: 16, 64) × seed (3: 1, 2, 3)", "6 configs, all complete"]));
    const summary = readFileSync(join(dir, "sweep/summary.csv"), "utf8").trimEnd().split("\n");
    expect(await page.locator("table.data tbody tr").count()).toBe(summary.length - 1);
  });

  it("hovering a sweep chart shows the swept value and each line's value from summary.csv; a legend click hides a line", async () => {
    const { page } = await open("sweep.html");
    const figure = chart(page, SWEEP_CHART);
    // Near the right edge: the larger capacity.
    const { heading, rows } = await hover(page, figure, 0.9);
    expect(heading).toBe("ledger.capacity = 64");
    const [header, ...records] = readFileSync(join(dir, "sweep/summary.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => line.split(","));
    const column = (header as string[]).indexOf(`${SWEEP_METRIC}:sum`);
    const expected = records.filter((record) => record[1] === "64").map((record) => [`seed=${record[2]}`, record[column]]);
    expect(expected).toHaveLength(3);
    expect([...rows].sort()).toEqual(expected.sort());
    await figure.locator("svg text", { hasText: /^seed=2$/ }).click();
    await expect.poll(() => legendSelection(page, SWEEP_CHART)).toMatchObject({ "seed=2": false });
    const after = await hover(page, figure, 0.1);
    expect(after.heading).toBe("ledger.capacity = 16");
    expect(after.rows.map((row) => row[0]).sort()).toEqual(["seed=1", "seed=3"]);
  });

  it("takes a screenshot that is not blank", async () => {
    const { page } = await open("two.html");
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(join(dir, "two.png"), png);
    // Decode the PNG in the browser, on a blank document, and count its distinct colours: a blank page has one or two.
    await page.goto("about:blank");
    const colours = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext("2d") as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4 * 7) seen.add(((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number));
      return seen.size;
    }, png.toString("base64"));
    expect(colours).toBeGreaterThan(20);
  });
});
