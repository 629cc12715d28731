import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_RUN_STEPS } from "../../sim/format/drawnRows.ts";
import { launchChromium } from "../helpers/browser.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/**
 * The report of a long run in headless Chromium (docs/report.md, "Long runs"): it paints
 * from the summary, then decodes the packed values and draws each zoom window from them,
 * every step when zoomed in, and the tooltip gives the hovered step's own value.
 */

const STEPS = LONG_RUN_STEPS + 2000;
const METRIC = "stream_mixing/active/steps_since_pick_max";
let dir: string;
let cleanup: () => void;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let recorded: Record<string, number>[];

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir("sim-report-long-"));
  const scenario = join(PROJECT_ROOT, "test/fixtures/golden/scenarios/tiny_healthy.toml");
  expect((await runMain(["run", scenario, "--steps", String(STEPS), "--out", join(dir, "long")])).status).toBe(0);
  expect((await runMain(["report", join(dir, "long"), "--out", join(dir, "long.html")])).status).toBe(0);
  recorded = readFileSync(join(dir, "long", "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, number>);
  ({ browser, close: closeBrowser } = await launchChromium());
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  cleanup?.();
});

describe("the report of a long run", () => {
  it("paints the summary, then zooms into every step of a window, and hovers the step's own value", async () => {
    const html = readFileSync(join(dir, "long.html"), "utf8");
    expect(html).toContain('"packed":[{"firstStep":1,"count":' + STEPS);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(dir, "long.html")).href);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    await page.waitForSelector("body[data-detail]", { timeout: 30_000 });
    const zoomed = await page.evaluate((metric) => {
      const plot = document.querySelector(`figure.chart[data-metric="${metric}"] .chart-plot`);
      type Instance = { dispatchAction(action: object): void; getOption(): { dataset: { source: Record<string, (number | null)[]> }[] } };
      const instance = (window as unknown as { echarts: { getInstanceByDom(el: Element | null): Instance } }).echarts.getInstanceByDom(plot);
      const before = instance.getOption().dataset[0]?.source.step?.length ?? 0;
      // Steps 6001 to about 6121: 1% of the run.
      instance.dispatchAction({ type: "dataZoom", start: 50, end: 51 });
      const source = instance.getOption().dataset[0]?.source ?? {};
      return { before, steps: source.step ?? [], values: source[metric] ?? [] };
    }, METRIC);
    expect(zoomed.before).toBeLessThanOrEqual(2000);
    expect(zoomed.steps.length).toBeGreaterThan(100);
    zoomed.steps.forEach((step, i) => {
      expect(step).toBe((zoomed.steps[0] as number) + i);
      expect(zoomed.values[i]).toBe(recorded[(step as number) - 1]?.[METRIC]);
    });
    const figure = page.locator(`figure.chart[data-metric="${METRIC}"]`);
    await figure.scrollIntoViewIfNeeded();
    const box = await figure.locator(".chart-plot").boundingBox();
    if (box === null) throw new Error("the chart has no box");
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    const heading = figure.locator(".tt-step");
    await heading.waitFor({ state: "visible", timeout: 5_000 });
    const step = Number(((await heading.textContent()) ?? "").replace(/^step /, ""));
    expect(step).toBeGreaterThan(6000);
    expect(await figure.locator(".tt-value").first().textContent()).toBe(String(recorded[step - 1]?.[METRIC]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("redraws a chart from the decoded values when it comes near the viewport, not before", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 600 } });
    await page.goto(pathToFileURL(join(dir, "long.html")).href);
    await page.waitForSelector("body[data-detail]", { timeout: 30_000 });
    type Instance = { getOption(): { dataset: { source: Record<string, unknown[]> }[] } };
    const drawnSteps = (index: number): Promise<number> =>
      page.evaluate((at) => {
        const plot = document.querySelectorAll("figure.chart .chart-plot")[at] ?? null;
        const instance = (window as unknown as { echarts: { getInstanceByDom(el: Element | null): Instance } }).echarts.getInstanceByDom(plot);
        return instance.getOption().dataset[0]?.source.step?.length ?? 0;
      }, index);
    const charts = await page.locator("figure.chart").count();
    const last = charts - 1;
    const box = await page.locator("figure.chart").nth(last).boundingBox();
    if (box === null) throw new Error("the last chart has no box");
    // The last chart is more than half a viewport below it: still drawn from the summary (1,000 buckets, two rows each).
    expect(box.y).toBeGreaterThan(900);
    const summarySteps = await drawnSteps(last);
    expect(summarySteps).toBe(2000);
    // The first chart, in view, is drawn from the decoded values: per pixel-wide bucket of steps, two points.
    await expect.poll(() => drawnSteps(0), { timeout: 10_000 }).not.toBe(2000);
    expect(await drawnSteps(last)).toBe(summarySteps);
    await page.locator("figure.chart").nth(last).scrollIntoViewIfNeeded();
    await expect.poll(() => drawnSteps(last), { timeout: 10_000 }).not.toBe(summarySteps);
    await page.close();
  });
});
